import type { ParsedCtr } from '../ctr/ContactTraceRecord.ts';
import { isValidContactId } from '../ctr/validateContactId.ts';
import { scvExclusion } from '../transform/scvExclusion.ts';
import type { TelephonyPatchFields, TransformOptions } from '../transform/TelephonyPatch.ts';
import { transformCtr } from '../transform/transformCtr.ts';
import type { LedgerEntry, LedgerPair } from './ledgerTransitions.ts';
import type { RecordResult } from './ReconcileReport.ts';
import { diffVoiceCall, expectedValues, type FieldChange, type SyncedField, type VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/** How candidates are chosen. */
type ReconcileMode = 'missing' | 'diff';

/**
 * Where an archived CTR version came from: `capture` (the stream or a file import) or
 * `data-lake` (rebuilt from the Connect analytics data lake; see docs/data-lake.md).
 */
type CtrSource = 'capture' | 'data-lake';

/** The newest archived CTR version of a VoiceCall's contact. */
interface ArchivedVersion {
  readonly ctr: ParsedCtr;
  readonly versionId: string;
  readonly source: CtrSource;
  /** CTR fields the source could not supply (data-lake versions): a sync from it is partial. */
  readonly missing?: readonly string[];
}

/** The run's flags that change decisions. */
interface PlanFlags {
  readonly mode: ReconcileMode;
  readonly dryRun: boolean;
  readonly retryUnconfirmed: boolean;
  readonly transformOptions?: TransformOptions;
}

/** Everything the planner needs to decide about one VoiceCall. */
interface CandidateInput extends PlanFlags {
  readonly row: VoiceCallRow;
  /** The newest archived version for the VoiceCall's vendor key (undefined: none, or not looked up). */
  readonly latest: ArchivedVersion | undefined;
  /** The ledger entry of (this VoiceCall, that version), if any. */
  readonly ledger: LedgerEntry | undefined;
}

/** Why a version is sent. */
type PatchReason = 'missing' | 'stale' | 'refused-before' | 'retry-unconfirmed' | 'reverted';

/** What the executor does with one candidate: the planner's decision. */
type ReconcileAction =
  /** Nothing to send: the outcome is known now. */
  | { readonly kind: 'report'; readonly result: RecordResult }
  /** An earlier PATCH was seen landed by this run: mark the entry confirmed, then report. */
  | { readonly kind: 'confirm'; readonly entry: LedgerEntry; readonly result: RecordResult }
  /** An earlier run stopped between sending and verifying: wait for that PATCH; never resend it. */
  | { readonly kind: 'await-landing'; readonly entry: LedgerEntry; readonly base: RecordBase; readonly changes: readonly FieldChange[] }
  /** Send the version: claim the pair (or move its entry to `sending`), PATCH, verify. */
  | {
      readonly kind: 'patch';
      readonly reason: PatchReason;
      readonly pair: LedgerPair;
      readonly previous: LedgerEntry | undefined;
      readonly fields: TelephonyPatchFields;
      readonly changes: readonly FieldChange[];
      readonly base: RecordBase;
    };

/** The fields every record of one candidate shares. */
type RecordBase = Pick<RecordResult, 'voiceCallId' | 'vendorCallKey' | 'ctrVersion' | 'ctrSource' | 'partial' | 'missingFields'>;

/** What happened to a PATCH the executor carried out. */
type PatchEvent =
  | { readonly kind: 'claimed-elsewhere' }
  | { readonly kind: 'refused'; readonly error: { readonly code: string; readonly message: string } }
  | { readonly kind: 'verified'; readonly landed: boolean }
  /** The run was interrupted before verification said either way. */
  | { readonly kind: 'interrupted' };

/** The ContactId to look up for a VoiceCall, or undefined when its vendor key cannot be one. */
function contactIdOf(row: VoiceCallRow): string | undefined {
  return isValidContactId(row.VendorCallKey) ? (row.VendorCallKey as string) : undefined;
}

function noArchivedCtr(row: VoiceCallRow): string {
  if (!row.VendorCallKey) return 'VoiceCall has no VendorCallKey';
  if (!contactIdOf(row)) return 'VendorCallKey is not a valid ContactId; nothing looked up';
  return `No archived CTR (captured or rebuilt from the data lake) for VendorCallKey ${row.VendorCallKey}`;
}

/** Every field the PATCH would set, with the VoiceCall's current value (unchanged ones too). */
function plannedFields(row: VoiceCallRow, expected: LedgerPair['expected']): FieldChange[] {
  return (Object.entries(expected) as [SyncedField, string | number][]).map(([field, value]) => ({ field, current: row[field], expected: value }));
}

/** Why a version the ledger holds (not refused) is sent again, or undefined when it is not. */
function resendReason(ledger: LedgerEntry, changed: boolean, retryUnconfirmed: boolean): PatchReason | undefined {
  if (!changed) return undefined;
  if (ledger.state === 'confirmed') return 'reverted';
  return retryUnconfirmed ? 'retry-unconfirmed' : undefined;
}

/**
 * Decides what to do with one candidate VoiceCall. Pure: data in, decision out; every outcome
 * that does not depend on a PATCH's fate is decided here, the rest by {@link settlePatch}.
 *
 * The version comes from the capture, or (only when none was captured) from the data lake; a
 * data-lake version whose source lacked fields the transform reads is sent as it is (missing
 * fields are left out, never guessed) and every record of it says `partial` with those fields.
 *
 * Order of rules: no archived CTR → report, never guess; SCV's own exclusions (NoSync, voicemail,
 * unsupported initiation methods, non-voice channels) → report, never patch; a version already in
 * the ledger → never sent again on its own, except after a refusal (`failed`), for a VoiceCall
 * whose confirmed values are gone since (`reverted`, once per run), or with `retryUnconfirmed` for
 * one that never landed; an interrupted send is awaited, not resent; in `diff` mode a VoiceCall
 * that already matches is in sync; a dry run reports what it would send.
 */
function planCandidate(input: CandidateInput): ReconcileAction {
  const { row, latest, ledger } = input;
  const identity = { voiceCallId: row.Id, vendorCallKey: row.VendorCallKey };
  if (!latest) return { kind: 'report', result: { ...identity, outcome: 'no-archived-ctr', detail: noArchivedCtr(row) } };
  const missingFields = latest.source === 'data-lake' ? (latest.missing ?? []) : [];
  const partial = missingFields.length > 0 ? { partial: true as const, missingFields } : {};
  const base: RecordBase = { ...identity, ctrVersion: latest.versionId, ctrSource: latest.source, ...partial };
  const exclusion = scvExclusion(latest.ctr.ctr, input.transformOptions);
  if (exclusion) return { kind: 'report', result: { ...base, outcome: 'excluded', rule: exclusion.rule, detail: exclusion.detail } };

  const { fields } = transformCtr(latest.ctr.ctr, input.transformOptions);
  const expected = expectedValues(fields);
  const changes = diffVoiceCall(row, expected);
  const pair: LedgerPair = {
    voiceCallId: row.Id,
    contactId: latest.ctr.contactId,
    versionId: latest.versionId,
    expected,
    source: latest.source,
    ...partial,
  };

  let reason: PatchReason;
  if (ledger && ledger.state !== 'failed') {
    const again = resendReason(ledger, changes.length > 0, input.retryUnconfirmed);
    if (again === undefined) return planKnownVersion(input, ledger, base, changes);
    reason = again;
  } else {
    if (input.mode === 'diff' && changes.length === 0) return { kind: 'report', result: { ...base, outcome: 'in-sync' } };
    reason = ledger ? 'refused-before' : input.mode === 'diff' ? 'stale' : 'missing';
  }
  if (input.dryRun) {
    const detail = `PATCH fields: ${Object.keys(fields).join(', ')}${reason === 'reverted' ? ' (confirmed earlier, values gone since)' : ''}`;
    return { kind: 'report', result: { ...base, outcome: 'would-resync', changes: plannedFields(row, expected), detail } };
  }
  return { kind: 'patch', reason, pair, previous: ledger, fields, changes, base };
}

/** A version the ledger knows and that is not sent again. */
function planKnownVersion(input: CandidateInput, ledger: LedgerEntry, base: RecordBase, changes: readonly FieldChange[]): ReconcileAction {
  if (changes.length === 0) {
    const result: RecordResult = { ...base, outcome: 'already-resynced' };
    return ledger.state === 'confirmed' || input.dryRun ? { kind: 'report', result } : { kind: 'confirm', entry: ledger, result };
  }
  if ((ledger.state === 'sending' || ledger.state === 'sent') && !input.dryRun) return { kind: 'await-landing', entry: ledger, base, changes };
  return {
    kind: 'report',
    result: {
      ...base,
      outcome: 'not-landed',
      changes,
      detail: 'An earlier PATCH of this version never landed; rerun with --retry-unconfirmed to send it again',
    },
  };
}

/** The outcome of a sent (or claimed-elsewhere, or refused) PATCH. Pure. */
function settlePatch(action: Extract<ReconcileAction, { kind: 'patch' }>, event: PatchEvent): RecordResult {
  const { base } = action;
  switch (event.kind) {
    case 'claimed-elsewhere':
      return { ...base, outcome: 'already-resynced', detail: 'Another run claimed this CTR version for this VoiceCall' };
    case 'refused':
      return { ...base, outcome: 'failed', error: event.error };
    case 'interrupted':
      return { ...base, outcome: 'resynced-unconfirmed', changes: action.changes, detail: INTERRUPTED_DETAIL };
    case 'verified':
      if (!event.landed) return { ...base, outcome: 'resynced-unconfirmed', changes: action.changes };
      return { ...base, outcome: action.reason === 'reverted' ? 'reverted-resynced' : 'resynced-confirmed' };
  }
}

/** The outcome of waiting for an interrupted run's PATCH (undefined: this run was interrupted too). Pure. */
function settleAwaited(action: Extract<ReconcileAction, { kind: 'await-landing' }>, landed: boolean | undefined): RecordResult {
  if (landed === undefined) return { ...action.base, outcome: 'resynced-unconfirmed', changes: action.changes, detail: INTERRUPTED_DETAIL };
  return landed ? { ...action.base, outcome: 'already-resynced' } : { ...action.base, outcome: 'resynced-unconfirmed', changes: action.changes };
}

const INTERRUPTED_DETAIL =
  'Sent, but the run was interrupted before it was seen landing; the next run verifies it (it is never sent again on its own)';

export { contactIdOf, planCandidate, settleAwaited, settlePatch };
export type { ArchivedVersion, CandidateInput, CtrSource, PatchEvent, PatchReason, PlanFlags, ReconcileAction, ReconcileMode, RecordBase };
