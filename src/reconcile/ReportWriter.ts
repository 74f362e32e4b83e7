import type { ReconcileReport, RecordResult } from './ReconcileReport.ts';

/**
 * A streaming report writer: records go out as they are decided (`runReconcile`'s `onRecord`),
 * then the summary once the run is over. A writer keeps no record, so memory stays flat in the
 * window's size. Implementations: `NdjsonReportWriter`, `JsonReportWriter`, `CsvReportWriter`,
 * `ArchiveReportWriter`. (Here rather than in `src/ports/`: it speaks of reconcile's own report
 * types, and `ports` importing `reconcile` would close a folder loop through `archive`.)
 */
interface ReportWriter {
  /** Writes one record; resolves once the destination can take more (backpressure). */
  write(record: RecordResult): Promise<void>;
  /** Writes what closes the report (records still in `report.records` first), ends the stream and waits for it to flush. */
  close(report: ReconcileReport): Promise<void>;
}

export type { ReportWriter };
