import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import { versionId } from '../../src/archive/archiveKeys.ts';
import { parseCtr } from '../../src/ctr/parseCtr.ts';
import { transformCtr } from '../../src/transform/transformCtr.ts';
import type { TelephonyLogEntry } from './simulatorPackage.ts';

/** JSON with sorted keys, for comparing bodies. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A logged body as an object (injected faults log the raw text). */
function bodyObject(body: unknown): Record<string, unknown> {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A telephony PATCH the org may have applied: answered 200, or dropped without an answer. */
function mayHaveApplied(entry: TelephonyLogEntry): boolean {
  return entry.outcome === 'dropped' || entry.status === 200;
}

/** A PATCH that certainly did nothing although it may have looked accepted (apply lost, or no answer). */
function neverApplied(entry: TelephonyLogEntry): boolean {
  return entry.outcome === 'lost' || entry.outcome === 'dropped';
}

/** What the audit found. */
interface PatchAudit {
  /** PATCH requests that reached the org, by outcome. */
  readonly requests: number;
  readonly byOutcome: Readonly<Record<string, number>>;
  /** (VoiceCall, CTR version) pairs PATCHed at least once in a way that may have applied. */
  readonly pairs: number;
  /** Pairs PATCHed again after a PATCH that may have applied, other than those allowed below. */
  readonly patchedTwice: readonly string[];
  /** Pairs a `retryUnconfirmed` run resent after every earlier PATCH of theirs was lost or dropped. */
  readonly resentAfterLostApply: number;
  /** Pairs applied more than once. */
  readonly appliedTwice: readonly string[];
  /** PATCHes whose body matches no archived version of the VoiceCall's contact. */
  readonly unknownBodies: number;
  /** PATCHes sent to VoiceCalls that were not fixable (excluded or already synced). */
  readonly toUnfixable: number;
}

/**
 * Counts PATCHes per (VoiceCall, CTR version) from the simulator's telephony log: a body is mapped
 * to the version whose SCV transform produces it. A pair may get a second PATCH that may apply
 * only from a run the operator started with `retryUnconfirmed`, and only when every earlier one
 * was never applied (a lost apply or a dropped answer); anything else is a double PATCH.
 *
 * @param log - the simulator's telephony log, oldest first
 * @param voiceCalls - VoiceCall Id → its contact's archived CTR versions (fixable calls only)
 * @param retryRuns - `seq` ranges [from, to] of the log written by retryUnconfirmed runs
 */
function auditPatches(
  log: readonly TelephonyLogEntry[],
  voiceCalls: ReadonlyMap<string, readonly ContactTraceRecord[]>,
  retryRuns: readonly (readonly [number, number])[],
): PatchAudit {
  const versionOfBody = new Map<string, Map<string, string>>();
  for (const [id, ctrs] of voiceCalls) {
    const bodies = new Map<string, string>();
    for (const ctr of ctrs) bodies.set(canonical(JSON.parse(JSON.stringify(transformCtr(ctr).fields))), versionId(parseCtr(JSON.stringify(ctr))));
    versionOfBody.set(id, bodies);
  }
  const inRetryRun = (seq: number): boolean => retryRuns.some(([from, to]) => seq >= from && seq <= to);
  const byOutcome: Record<string, number> = {};
  const history = new Map<string, TelephonyLogEntry[]>();
  let unknownBodies = 0;
  let toUnfixable = 0;
  for (const entry of log) {
    byOutcome[entry.outcome] = (byOutcome[entry.outcome] ?? 0) + 1;
    const bodies = versionOfBody.get(entry.id);
    if (!bodies) {
      toUnfixable += 1;
      continue;
    }
    const { callCenterApiName: _ignored, ...fields } = bodyObject(entry.body);
    const version = bodies.get(canonical(fields));
    if (version === undefined) {
      unknownBodies += 1;
      continue;
    }
    if (!mayHaveApplied(entry)) continue;
    const pair = `${entry.id}/${version}`;
    history.set(pair, [...(history.get(pair) ?? []), entry]);
  }
  const patchedTwice: string[] = [];
  const appliedTwice: string[] = [];
  let resentAfterLostApply = 0;
  for (const [pair, entries] of history) {
    if (entries.filter((e) => e.appliedAt !== undefined).length > 1) appliedTwice.push(pair);
    if (entries.length < 2) continue;
    const allowed = entries.slice(1).every((e, i) => inRetryRun(e.seq) && entries.slice(0, i + 1).every(neverApplied));
    if (allowed) resentAfterLostApply += 1;
    else patchedTwice.push(pair);
  }
  return { requests: log.length, byOutcome, pairs: history.size, patchedTwice, resentAfterLostApply, appliedTwice, unknownBodies, toUnfixable };
}

export { auditPatches, canonical, mayHaveApplied, neverApplied };
export type { PatchAudit };
