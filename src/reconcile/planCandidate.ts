import type { ParsedCtr } from '../ctr/ContactTraceRecord.ts';
import { scvExclusion } from '../transform/scvExclusion.ts';
import type { ScvExclusionRule, TelephonyPatchFields, TransformOptions } from '../transform/TelephonyPatch.ts';
import { transformCtr } from '../transform/transformCtr.ts';
import type { LedgerEntry } from './ResyncLedger.ts';
import { diffVoiceCall, type ExpectedValues, type FieldChange, expectedValues, type VoiceCallRow } from './voiceCallFields.ts';

/** How candidates are chosen. */
type ReconcileMode = 'missing' | 'diff';

/** Everything the planner needs to decide about one VoiceCall. */
interface CandidateInput {
  readonly row: VoiceCallRow;
  /** The newest archived CTR for the VoiceCall's vendor key, with its version id. */
  readonly latest: { readonly ctr: ParsedCtr; readonly versionId: string } | undefined;
  /** Why there is no CTR to look up (e.g. the vendor key is not a valid ContactId). */
  readonly lookupProblem?: string;
  /** The ledger entry of (this VoiceCall, that version), if any. */
  readonly ledger: LedgerEntry | undefined;
  readonly mode: ReconcileMode;
  readonly retryUnconfirmed: boolean;
  readonly transformOptions?: TransformOptions;
}

/** The planner's decision. */
type CandidatePlan =
  | { readonly kind: 'no-archived-ctr'; readonly detail: string }
  | { readonly kind: 'excluded'; readonly rule: ScvExclusionRule; readonly detail: string; readonly versionId: string }
  | { readonly kind: 'in-sync'; readonly versionId: string }
  | {
      readonly kind: 'already-resynced';
      readonly versionId: string;
      /** True when the VoiceCall now holds the values (an earlier PATCH landed). */
      readonly landed: boolean;
      /**
       * An earlier run stopped between sending and verifying (`sending`/`sent`): wait for the
       * PATCH to land like a fresh one, without sending it again.
       */
      readonly awaitLanding: boolean;
      readonly expected: ExpectedValues;
      readonly changes: readonly FieldChange[];
    }
  | {
      readonly kind: 'patch';
      readonly versionId: string;
      readonly fields: TelephonyPatchFields;
      readonly expected: ExpectedValues;
      readonly changes: readonly FieldChange[];
    };

/**
 * Decides what to do with one candidate VoiceCall. Pure: data in, decision out.
 *
 * Order of rules: no archived CTR → report, never guess; SCV's own exclusions (NoSync, voicemail,
 * unsupported initiation methods, non-voice channels) → report, never patch; a version already in
 * the ledger → never sent again, unless it was refused before (`failed`) or `retryUnconfirmed` is
 * set for one that never landed; in `diff` mode a VoiceCall that already matches is in sync.
 */
function planCandidate(input: CandidateInput): CandidatePlan {
  const { row, latest, ledger } = input;
  if (!latest) return { kind: 'no-archived-ctr', detail: input.lookupProblem ?? `No archived CTR for VendorCallKey ${row.VendorCallKey ?? '(none)'}` };
  const { versionId } = latest;
  const exclusion = scvExclusion(latest.ctr.ctr, input.transformOptions);
  if (exclusion) return { kind: 'excluded', rule: exclusion.rule, detail: exclusion.detail, versionId };

  const { fields } = transformCtr(latest.ctr.ctr, input.transformOptions);
  const expected = expectedValues(fields);
  const changes = diffVoiceCall(row, expected);

  if (ledger && ledger.state !== 'failed') {
    const neverLanded = ledger.state !== 'confirmed' && changes.length > 0;
    if (!(neverLanded && input.retryUnconfirmed)) {
      const awaitLanding = neverLanded && (ledger.state === 'sending' || ledger.state === 'sent');
      return { kind: 'already-resynced', versionId, landed: changes.length === 0, awaitLanding, expected, changes };
    }
  }
  if (input.mode === 'diff' && changes.length === 0) return { kind: 'in-sync', versionId };
  return { kind: 'patch', versionId, fields, expected, changes };
}

export { planCandidate };
export type { CandidateInput, CandidatePlan, ReconcileMode };
