import type { ReconcileReport, RecordResult } from '../reconcile/ReconcileReport.ts';

/**
 * The streaming report port: records go out as they are decided (`runReconcile`'s `onRecord`),
 * then the summary once the run is over. A writer keeps no record, so memory stays flat in the
 * window's size. Adapters: `NdjsonReportWriter`, `JsonReportWriter`, `CsvReportWriter`.
 */
interface ReportWriter {
  /** Writes one record; resolves once the destination can take more (backpressure). */
  write(record: RecordResult): Promise<void>;
  /** Writes what closes the report (records still in `report.records` first), ends the stream and waits for it to flush. */
  close(report: ReconcileReport): Promise<void>;
}

export type { ReportWriter };
