import { createHash } from 'node:crypto';
import { isValidContactId } from '../ctr/validateContactId.ts';
import { isVersionId } from '../archive/archiveKeys.ts';
import { validateSalesforceId } from '../validation/salesforceId.ts';
import { contactIdOf, type CtrSource, type PlanFlags, type ReconcileAction } from './planCandidate.ts';
import type { RecordResult } from './ReconcileReport.ts';
import { VOICECALL_FIELDS, type VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/**
 * Decisions that cannot change until the contact's newest archived CTR version changes or the
 * VoiceCall's fields change, remembered across runs (docs/benchmarks.md, "No repeated work"):
 *
 * - `excluded`: a pure function of the CTR version and the transform options (SCV's rules);
 * - `no-archived-ctr`: true until a version of the contact is archived;
 * - `in-sync` (diff mode): a pure function of the VoiceCall's fields, the version and the options;
 * - `already-resynced` decided from a `confirmed` ledger entry (a run that is not a dry run): that
 *   entry is final while the VoiceCall still holds the values (only a change to them, `reverted`,
 *   sends the version again).
 *
 * A remembered decision is reused only when the VoiceCall's fields hash the same and the contact's
 * newest version id is the one it was made on ('none' for no CTR); anything else is decided afresh.
 * Pure: no I/O.
 */

/** The outcomes a later run may reuse. */
type CachedOutcome = 'excluded' | 'no-archived-ctr' | 'in-sync' | 'already-resynced';

const CACHED_OUTCOMES: ReadonlySet<string> = new Set<CachedOutcome>(['excluded', 'no-archived-ctr', 'in-sync', 'already-resynced']);

/** The version id a `no-archived-ctr` decision was made on. */
const NO_VERSION = 'none';

/** One remembered decision, keyed by VoiceCall Id in its day's manifest. */
interface CachedDecision {
  readonly contactId: string;
  /** The newest archived version id when it was decided, or {@link NO_VERSION}. */
  readonly version: string;
  /** {@link rowFingerprint} of the VoiceCall when it was decided. */
  readonly row: string;
  readonly outcome: CachedOutcome;
  readonly ctrSource?: CtrSource;
  readonly rule?: string;
  readonly detail?: string;
}

/**
 * A hash of every VoiceCall field reconcile reads (the SOQL's field list): the decision depends on
 * these alone, so any change to them (a sync landing, a user edit) makes a new fingerprint. The
 * reader returns no LastModifiedDate/SystemModstamp; this is stricter where it matters (only a change
 * to a field the decision reads invalidates it).
 */
function rowFingerprint(row: VoiceCallRow): string {
  const values = VOICECALL_FIELDS.map((field) => row[field] ?? null);
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
}

/**
 * What the run's flags add to a decision: the mode and the transform options (SCV's rules and the
 * transform depend on them). Manifests made under another scope are not reused.
 */
function decisionScope(flags: Pick<PlanFlags, 'mode' | 'transformOptions'>): string {
  const options = Object.entries(flags.transformOptions ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([flags.mode, options]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The decision to remember for a planned action, or undefined when it must be decided afresh next
 * time (a PATCH, a ledger entry still to verify, anything a dry run decided, a vendor key that is no
 * ContactId). Outside a dry run the planner reports `already-resynced` only for a `confirmed` entry.
 */
function cachedDecision(row: VoiceCallRow, action: ReconcileAction, flags: Pick<PlanFlags, 'dryRun'>): CachedDecision | undefined {
  if (action.kind !== 'report' || flags.dryRun) return undefined;
  const { result } = action;
  const contactId = contactIdOf(row);
  if (contactId === undefined || !CACHED_OUTCOMES.has(result.outcome)) return undefined;
  const version = result.outcome === 'no-archived-ctr' ? NO_VERSION : result.ctrVersion;
  if (version === undefined) return undefined;
  return {
    contactId,
    version,
    row: rowFingerprint(row),
    outcome: result.outcome as CachedOutcome,
    ...(result.ctrSource ? { ctrSource: result.ctrSource } : {}),
    ...(result.rule ? { rule: result.rule } : {}),
    ...(result.detail ? { detail: result.detail } : {}),
  };
}

/**
 * The record of a remembered decision if it still holds for this VoiceCall and the contact's newest
 * version id now (undefined: none archived), or undefined when it must be decided afresh.
 */
function reuseDecision(entry: CachedDecision, row: VoiceCallRow, newestVersion: string | undefined): RecordResult | undefined {
  if (entry.contactId !== contactIdOf(row) || entry.row !== rowFingerprint(row)) return undefined;
  if (entry.version !== (newestVersion ?? NO_VERSION)) return undefined;
  return {
    voiceCallId: row.Id,
    vendorCallKey: row.VendorCallKey,
    outcome: entry.outcome,
    ...(entry.outcome === 'no-archived-ctr' ? {} : { ctrVersion: entry.version, ctrSource: entry.ctrSource ?? 'capture' }),
    ...(entry.rule ? { rule: entry.rule } : {}),
    ...(entry.detail ? { detail: entry.detail } : {}),
  };
}

/** A manifest's JSON: the scope it was made under and one decision per VoiceCall Id. */
interface DecisionManifest {
  readonly format: 1;
  readonly scope: string;
  readonly decisions: Record<string, CachedDecision>;
}

function isSalesforceId(value: string): boolean {
  try {
    validateSalesforceId(value);
    return true;
  } catch {
    return false;
  }
}

function isCachedDecision(value: unknown): value is CachedDecision {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optionalString = (x: unknown): boolean => x === undefined || (typeof x === 'string' && x.length <= 2_000);
  return (
    typeof v.contactId === 'string' &&
    isValidContactId(v.contactId) &&
    typeof v.version === 'string' &&
    (v.version === NO_VERSION || isVersionId(v.version)) &&
    typeof v.row === 'string' &&
    typeof v.outcome === 'string' &&
    CACHED_OUTCOMES.has(v.outcome) &&
    (v.ctrSource === undefined || v.ctrSource === 'capture' || v.ctrSource === 'data-lake') &&
    optionalString(v.rule) &&
    optionalString(v.detail)
  );
}

/**
 * The decisions of a stored manifest that were made under `scope`; an unreadable manifest, one of
 * another scope, or an entry that does not validate counts as nothing remembered.
 */
function parseDecisionManifest(text: string, scope: string): Map<string, CachedDecision> {
  const decisions = new Map<string, CachedDecision>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return decisions;
  }
  const manifest = parsed as Partial<DecisionManifest> | null;
  if (manifest?.format !== 1 || manifest.scope !== scope || typeof manifest.decisions !== 'object' || !manifest.decisions) return decisions;
  for (const [voiceCallId, entry] of Object.entries(manifest.decisions)) {
    if (isSalesforceId(voiceCallId) && isCachedDecision(entry)) decisions.set(voiceCallId, entry);
  }
  return decisions;
}

/** A manifest's JSON text. */
function serializeDecisionManifest(scope: string, decisions: ReadonlyMap<string, CachedDecision>): string {
  const manifest: DecisionManifest = { format: 1, scope, decisions: Object.fromEntries(decisions) };
  return JSON.stringify(manifest);
}

export { cachedDecision, decisionScope, NO_VERSION, parseDecisionManifest, reuseDecision, rowFingerprint, serializeDecisionManifest };
export type { CachedDecision, CachedOutcome };
