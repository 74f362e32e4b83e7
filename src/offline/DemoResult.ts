import type { CoverageReport } from '../coverage/CoverageReport.ts';
import type { ReconcileReport } from '../reconcile/ReconcileReport.ts';

/** What the demo did and found. */
interface DemoResult {
  readonly day: string;
  readonly capture: {
    readonly records: number;
    readonly batches: number;
    readonly archived: number;
    readonly duplicate: number;
    readonly quarantined: number;
    readonly failed: number;
    readonly neverArchived: number;
    /** A stretch of the stream the archive's consumer missed (SIMULATED outage; SCV's sync saw it). */
    readonly consumerOff: { readonly batches: number; readonly records: number };
  };
  readonly seeded: { readonly voiceCalls: number; readonly lostSyncs: number };
  readonly before: CoverageReport['totals'];
  readonly after: CoverageReport['totals'];
  /** Calls missing data whose archived CTR SCV would sync: what reconcile must fix. */
  readonly expectedFixes: number;
  /** Event-driven repair: what the checker did with the enqueued contacts after the (simulated) delay. */
  readonly checker: CheckerSummary;
  /** The second source: audit against the SIMULATED data lake, import of the gaps, repairs from it. */
  readonly dataLake: DataLakeSummary;
  readonly missing: ReconcileReport;
  readonly diff: ReconcileReport;
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly reportFiles: { readonly reconcile: string; readonly coverage: string };
  readonly coverageReport: CoverageReport;
  readonly succeeded: boolean;
}

/** What the data lake found and repaired in the demo (`demo --json` field `dataLake`). */
interface DataLakeSummary {
  /** Contacts the simulated data lake holds for the day. */
  readonly contacts: number;
  /** Contacts the audit found missing from the archive (capture gaps: known to Connect, not captured). */
  readonly auditMissingFromArchive: number;
  /** Rebuilt versions stored by the import (the gaps; `undecidable` ones are never stored). */
  readonly imported: number;
  readonly undecidable: number;
  /** VoiceCalls repaired (resynced and confirmed) from a data-lake version: none had a captured CTR. */
  readonly repaired: number;
  /** ...of which partial (the data lake lacked a field the transform reads). */
  readonly partial: number;
  /** Data-lake versions SCV's own rules exclude (never patched). */
  readonly excluded: number;
}

/** What the repair checker did in the demo. */
interface CheckerSummary {
  /** Voice contact versions the archive handler enqueued. */
  readonly enqueued: number;
  /** The simulated delivery delay. */
  readonly delaySeconds: number;
  /** Messages delivered to the checker (in batches of {@link DEMO_CHECKER_BATCH}). */
  readonly delivered: number;
  /** VoiceCalls the checker repaired and saw land ("repaired by the checker minutes after the call"). */
  readonly repaired: number;
  /** Messages whose VoiceCall SCV had synced: nothing sent. */
  readonly alreadySynced: number;
  /** Messages left for a retry (no VoiceCall, refused PATCH), as SQS would redeliver them. */
  readonly retried: number;
  readonly patchesSent: number;
}

export type { CheckerSummary, DataLakeSummary, DemoResult };
