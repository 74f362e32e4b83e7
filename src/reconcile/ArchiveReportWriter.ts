import { runReportKey, runReportPartKey } from '../archive/archiveKeys.ts';
import type { ArchiveStore } from '../ports/ArchiveStore.ts';
import type { ReportWriter } from './ReportWriter.ts';
import type { ReconcileReport, RecordResult } from './ReconcileReport.ts';

/** A part is stored once it holds this many bytes of NDJSON. @default 4 MiB */
const DEFAULT_PART_BYTES = 4 * 1024 * 1024;

/** The stored summary object: the report without its records, and where they are. */
type StoredReportSummary = Omit<ReconcileReport, 'records'> & {
  /** Keys of the NDJSON parts holding the records, in the order they were decided. */
  readonly recordParts: readonly string[];
};

/**
 * A report stored in the archive in bounded memory (the reconcile Lambda's): records are buffered
 * as NDJSON lines and stored as parts of about `partBytes` each under
 * `reports/<day>/<runId>/records-NNNNN.ndjson` as the run goes; {@link close} stores the summary
 * (the report without records, plus `recordParts`) under `reports/<day>/<runId>.json`. Memory holds
 * one part at most, whatever the window's size. (A multipart upload to one object would need
 * `@aws-sdk/lib-storage`, which is not a dependency, and the folder store has no such thing.)
 */
class ArchiveReportWriter implements ReportWriter {
  #lines: string[] = [];
  #bytes = 0;
  readonly #parts: string[] = [];
  /** The store's writes in order: a part is stored before the next starts, and before the summary. */
  #storing: Promise<unknown> = Promise.resolve();

  /**
   * @param store - the archive's store
   * @param run - the run's start time (ISO) and id: they name the keys (`runId` passed to `runReconcile`)
   * @param partBytes - bytes of NDJSON a part holds before it is stored
   */
  public constructor(
    private readonly store: ArchiveStore,
    private readonly run: { readonly startedAt: string; readonly runId: string },
    private readonly partBytes = DEFAULT_PART_BYTES,
  ) {
    runReportKey(run.startedAt, run.runId);
  }

  /** Key of the summary object. */
  public get key(): string {
    return runReportKey(this.run.startedAt, this.run.runId);
  }

  /** Buffers one record; stores the part once it is full (and waits for that). */
  public write = async (record: RecordResult): Promise<void> => {
    const line = `${JSON.stringify(record)}\n`;
    this.#lines.push(line);
    this.#bytes += Buffer.byteLength(line);
    if (this.#bytes >= this.partBytes) await this.#flush();
  };

  /** Stores the last part and the summary. */
  public async close(report: ReconcileReport): Promise<void> {
    const { records, ...rest } = report;
    for (const record of records) await this.write(record);
    await this.#flush();
    await this.#storing;
    const summary: StoredReportSummary = { ...rest, recordParts: [...this.#parts] };
    await this.store.put(this.key, JSON.stringify(summary));
  }

  async #flush(): Promise<void> {
    if (this.#lines.length === 0) return;
    const body = this.#lines.join('');
    this.#lines = [];
    this.#bytes = 0;
    const key = runReportPartKey(this.run.startedAt, this.run.runId, this.#parts.length + 1);
    this.#parts.push(key);
    const previous = this.#storing;
    this.#storing = previous.then(() => this.store.put(key, body, { contentType: 'application/x-ndjson' }));
    await this.#storing;
  }
}

export { ArchiveReportWriter, DEFAULT_PART_BYTES };
export type { StoredReportSummary };
