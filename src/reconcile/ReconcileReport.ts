import type { CtrSource, ReconcileMode } from './planCandidate.ts';
import type { FieldChange } from '../voicecall/voiceCallFields.ts';

/** The outcome of one candidate VoiceCall. */
type Outcome =
  | 'resynced-confirmed'
  | 'resynced-unconfirmed'
  | 'no-archived-ctr'
  | 'excluded'
  | 'already-resynced'
  /** An earlier PATCH of this version was never seen landing; only `--retry-unconfirmed` resends it. */
  | 'not-landed'
  /** The VoiceCall had been confirmed holding this version, its values were gone, and it was resynced again. */
  | 'reverted-resynced'
  | 'failed'
  /** `--mode diff` only: the VoiceCall already matches its newest CTR. */
  | 'in-sync'
  /** `--dry-run` only: would have been patched. */
  | 'would-resync';

const OUTCOMES: readonly Outcome[] = [
  'resynced-confirmed',
  'resynced-unconfirmed',
  'no-archived-ctr',
  'excluded',
  'already-resynced',
  'not-landed',
  'reverted-resynced',
  'failed',
  'in-sync',
  'would-resync',
];

/** Outcomes that make a run unsuccessful (exit status 1, the Lambda's `succeeded: false`). */
const UNSUCCESSFUL: ReadonlySet<Outcome> = new Set(['failed', 'resynced-unconfirmed', 'not-landed']);

/** One candidate's entry in the report. */
interface RecordResult {
  readonly voiceCallId: string;
  readonly vendorCallKey: string | null;
  readonly outcome: Outcome;
  /** The CTR version (`<LastUpdateTimestamp>_<hash>`) used or considered. */
  readonly ctrVersion?: string;
  /** Where that version came from: `capture`, or `data-lake` (rebuilt; used only when nothing was captured). */
  readonly ctrSource?: CtrSource;
  /** A data-lake version lacked fields SCV's transform reads: those were left out of the PATCH (never guessed). */
  readonly partial?: true;
  /** The CTR fields missing, when `partial`. */
  readonly missingFields?: readonly string[];
  /** The SCV rule, for `excluded`. */
  readonly rule?: string;
  readonly detail?: string;
  /** What went wrong, for `failed`. */
  readonly error?: { readonly code: string; readonly message: string };
  /** Fields that differed from the CTR (diff mode, dry run, and what never landed). */
  readonly changes?: readonly FieldChange[];
}

/** The report of one reconcile run. */
interface ReconcileReport {
  readonly runId: string;
  readonly mode: ReconcileMode;
  readonly dryRun: boolean;
  readonly window: { readonly from: string; readonly to: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly summary: Record<Outcome, number> & {
    readonly candidates: number;
    readonly patchesSent: number;
    /** Records resynced (confirmed, unconfirmed or reverted-resynced) from a data-lake version: a subset of those outcomes. */
    readonly resyncedFromDataLake?: number;
    /** ...of which partial (fields the data lake lacks were left out). */
    readonly partialSyncs?: number;
  };
  /** With an explicit selection: what was asked for, and the Ids and ContactIds that matched no VoiceCall. */
  readonly selection?: { readonly voiceCallIds?: readonly string[]; readonly contactIds?: readonly string[]; readonly notFound: readonly string[] };
  /** Why the run stopped before every candidate was reconciled (a dependency refused us for good). */
  readonly stopped?: { readonly code: string; readonly dependency: string; readonly settings: readonly string[]; readonly message: string };
  readonly records: readonly RecordResult[];
}

/** Outcomes whose PATCH was sent (and accepted) in this run. */
const RESYNCED: ReadonlySet<Outcome> = new Set(['resynced-confirmed', 'resynced-unconfirmed', 'reverted-resynced']);

/** Zeroed counters for every outcome. */
function emptySummary(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

/** True when the run left nothing failed, nothing unconfirmed, and found every VoiceCall asked for (exit status 0). */
function reportSucceeded(report: Pick<ReconcileReport, 'summary' | 'stopped' | 'selection'>): boolean {
  return (
    report.stopped === undefined &&
    (report.selection?.notFound.length ?? 0) === 0 &&
    [...UNSUCCESSFUL].every((outcome) => report.summary[outcome] === 0)
  );
}

export { emptySummary, OUTCOMES, reportSucceeded, RESYNCED, UNSUCCESSFUL };
export type { Outcome, ReconcileReport, RecordResult };
