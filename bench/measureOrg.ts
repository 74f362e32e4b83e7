import type { ContactTraceRecord } from '../src/ctr/ContactTraceRecord.ts';
import type { CountersSnapshot, RenderedRecord, RunningOrgSimulator, TelephonyLogEntry } from '@ctr-resync/org-simulator';
import { scvExclusion } from '../src/transform/scvExclusion.ts';

/** The VoiceCall fields SCV's CTR sync writes (docs/simulator.md §4): what "exactly as SCV" compares. */
const SYNCED_FIELDS = [
  'CallStartDateTime',
  'CallEndDateTime',
  'CallDurationInSeconds',
  'CallAcceptDateTime',
  'CallQueuedDateTime',
  'CustomerHoldDuration',
  'LongestHoldDuration',
  'NumberOfHolds',
  'QueueName',
  'DisconnectReason',
  'FromPhoneNumber',
  'ToPhoneNumber',
  'CallType',
] as const;

type SyncedValues = Readonly<Record<(typeof SYNCED_FIELDS)[number], unknown>>;

/** Every VoiceCall of the scenario, sorted into what a resync should and should not touch. */
interface CallClasses {
  /** VendorCallKey of every VoiceCall (one per VOICE contact, plus the live calls). */
  readonly keys: readonly string[];
  /** Missing CTR data (`CustomerHoldDuration = null`) and SCV's rules would sync the archived CTR: the minimum work. */
  readonly fixable: ReadonlySet<string>;
  /** Missing CTR data because SCV's rules exclude the CTR (NoSync, voicemail, QUEUE_TRANSFER...). */
  readonly excluded: ReadonlySet<string>;
  /** Calls in progress (no CTR yet). */
  readonly live: ReadonlySet<string>;
  /** Missing calls by what the guide's marker finds: fixable + excluded + live. */
  readonly missing: number;
  /** Cross-check: fixable counted from the newest CTR and SCV's exclusion rules instead of the reference org. */
  readonly fixableByRules: number;
}

function synced(record: RenderedRecord): SyncedValues {
  return Object.fromEntries(SYNCED_FIELDS.map((f) => [f, record[f] ?? null])) as SyncedValues;
}

/** The synced fields of every VoiceCall in an org where SCV lost no sync: the ground truth. */
function referenceValues(reference: RunningOrgSimulator, keys: Iterable<string>): Map<string, SyncedValues> {
  const out = new Map<string, SyncedValues>();
  for (const key of keys) {
    const [record] = reference.findVoiceCalls(key);
    if (record !== undefined) out.set(key, synced(record));
  }
  return out;
}

/**
 * Classifies the org's calls before any run, independently of both approaches: a call is fixable
 * when it lacks CTR data here and the reference org (same CTRs, no sync lost) holds data for it.
 */
function classifyCalls(
  sim: RunningOrgSimulator,
  reference: ReadonlyMap<string, SyncedValues>,
  newest: ReadonlyMap<string, ContactTraceRecord>,
  liveKeys: ReadonlySet<string>,
): CallClasses {
  const keys = [...reference.keys(), ...liveKeys];
  const fixable = new Set<string>();
  const excluded = new Set<string>();
  let missing = 0;
  let fixableByRules = 0;
  for (const key of keys) {
    const record = sim.findVoiceCalls(key)[0];
    if (record === undefined || record.CustomerHoldDuration !== null) continue;
    missing += 1;
    if (liveKeys.has(key)) continue;
    const ctr = newest.get(key);
    if (ctr !== undefined && scvExclusion(ctr) === undefined) fixableByRules += 1;
    if (reference.get(key)?.CustomerHoldDuration !== null) fixable.add(key);
    else excluded.add(key);
  }
  return { keys, fixable, excluded, live: liveKeys, missing, fixableByRules };
}

/** The org's state after a run, for the calls that matter. */
interface OrgState {
  /** Fixable calls whose CustomerHoldDuration is now set (the guide's own success marker). */
  readonly filled: number;
  /** Fixable calls whose synced fields all equal the reference org's. */
  readonly exact: number;
  /** Calls SCV's rules exclude that now hold data anyway. */
  readonly excludedWritten: number;
  /** Live calls written to. */
  readonly liveWritten: number;
  /** Extra VoiceCalls sharing a VendorCallKey (created by a PATCH by vendor key). */
  readonly duplicates: number;
  /** For filled fixable calls that are not exact: how many differ from the reference in each field. */
  readonly inexactByField: Readonly<Record<string, number>>;
}

function orgState(sim: RunningOrgSimulator, classes: CallClasses, reference: ReadonlyMap<string, SyncedValues>): OrgState {
  let filled = 0,
    exact = 0,
    excludedWritten = 0,
    liveWritten = 0,
    duplicates = 0;
  const inexactByField: Record<string, number> = {};
  for (const key of classes.keys) {
    const records = sim.findVoiceCalls(key);
    duplicates += Math.max(0, records.length - 1);
    const record = records.at(-1);
    if (record === undefined) continue;
    if (classes.fixable.has(key) && record.CustomerHoldDuration !== null) {
      filled += 1;
      const want = reference.get(key) as SyncedValues;
      const got = synced(record);
      const differing = SYNCED_FIELDS.filter((f) => got[f] !== want[f]);
      if (differing.length === 0) exact += 1;
      for (const f of differing) inexactByField[f] = (inexactByField[f] ?? 0) + 1;
    }
    if (classes.excluded.has(key) && record.CustomerHoldDuration !== null) excludedWritten += 1;
    if (classes.live.has(key) && record.CustomerHoldDuration !== null) liveWritten += 1;
  }
  return { filled, exact, excludedWritten, liveWritten, duplicates, inexactByField };
}

/** Telephony PATCHes of one run, by what they achieved. */
interface PatchBreakdown {
  readonly sent: number;
  /** Accepted, to a fixable call, and the first accepted one for that call. */
  readonly useful: number;
  /** Refused with an error status (429 SCV_LIMITS_ERROR...), by status. */
  readonly refused: number;
  readonly refusedByStatus: Readonly<Record<string, number>>;
  /** Accepted, to a call SCV's rules exclude. */
  readonly excluded: number;
  readonly live: number;
  /** Accepted, to a fixable call that an earlier accepted PATCH already fixed. */
  readonly repeat: number;
  /** Accepted, to a call SCV had already synced. */
  readonly alreadySynced: number;
  /** Accepted, for a key no VoiceCall had: created a VoiceCall. */
  readonly created: number;
}

/**
 * Sorts one run's telephony requests.
 *
 * @param accepted - fixable keys with an accepted PATCH so far (updated; kept across the runs of one approach)
 */
function classifyPatches(
  sim: RunningOrgSimulator,
  entries: readonly TelephonyLogEntry[],
  classes: CallClasses,
  accepted: Set<string>,
): PatchBreakdown {
  const counts = { sent: 0, useful: 0, refused: 0, excluded: 0, live: 0, repeat: 0, alreadySynced: 0, created: 0 };
  const refusedByStatus: Record<string, number> = {};
  for (const entry of entries) {
    counts.sent += 1;
    if (entry.status !== 200) {
      counts.refused += 1;
      refusedByStatus[String(entry.status)] = (refusedByStatus[String(entry.status)] ?? 0) + 1;
      continue;
    }
    if (entry.outcome === 'created') {
      counts.created += 1;
      continue;
    }
    const key = entry.id.startsWith('0LQ') ? String(sim.getVoiceCall(entry.id)?.VendorCallKey ?? '') : entry.id;
    if (classes.live.has(key)) counts.live += 1;
    else if (classes.excluded.has(key)) counts.excluded += 1;
    else if (!classes.fixable.has(key)) counts.alreadySynced += 1;
    else if (accepted.has(key)) counts.repeat += 1;
    else {
      accepted.add(key);
      counts.useful += 1;
    }
  }
  return { ...counts, refusedByStatus };
}

/** Requests per API family between two counter snapshots. */
interface ApiCalls {
  /** REST API calls (they count toward the org's daily API allowance). */
  readonly rest: number;
  readonly oauth: number;
  readonly telephony: number;
}

function apiCallsBetween(before: CountersSnapshot, after: CountersSnapshot): ApiCalls {
  const out = { rest: 0, oauth: 0, telephony: 0 };
  for (const [key, count] of Object.entries(after.endpoints)) {
    const delta = count.requests - (before.endpoints[key]?.requests ?? 0);
    if (key.includes(' /services/data')) out.rest += delta;
    else if (key.includes(' /services/oauth2/')) out.oauth += delta;
    else if (key.includes(' /telephony/')) out.telephony += delta;
  }
  return out;
}

export { apiCallsBetween, classifyCalls, classifyPatches, orgState, referenceValues, SYNCED_FIELDS };
export type { ApiCalls, CallClasses, OrgState, PatchBreakdown, SyncedValues };
