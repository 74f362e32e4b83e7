import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ReconcileReport, RecordResult } from './ReconcileReport.ts';
import { TextStream } from './TextStream.ts';

/** One line of an NDJSON report: a record as it was decided, or the closing summary (always last). */
type ReportLine = ({ readonly type: 'record' } & RecordResult) | ({ readonly type: 'summary' } & Omit<ReconcileReport, 'records'>);

/** An NDJSON report read back: the records in the order they were decided, and the summary line. */
interface ParsedNdjsonReport {
  readonly records: RecordResult[];
  readonly summary: Omit<ReconcileReport, 'records'> | undefined;
}

/**
 * A streaming reconcile report: one NDJSON line per record as it is decided
 * (`{"type":"record", voiceCallId, outcome, ...}`), then one closing line with everything the
 * report holds except its records (`{"type":"summary", runId, mode, window, summary, ...}`). It keeps
 * no record: memory stays flat however large the window. Pass {@link write} as `runReconcile`'s
 * `onRecord` with `keepRecords: false`, then {@link close} with the returned report. Writes wait for
 * the stream to drain (backpressure), so a slow disk slows the run rather than filling memory.
 */
class NdjsonReportWriter {
  #written = 0;
  #closed = false;
  readonly #text: TextStream;

  /**
   * @param out - where the lines go (a file stream, S3 upload stream, stdout...); ended by {@link close}
   */
  public constructor(out: Writable) {
    this.#text = new TextStream(out);
  }

  /**
   * Opens `path` for writing (truncating it) as an NDJSON report.
   *
   * @param path - the report file
   */
  public static toFile(path: string): NdjsonReportWriter {
    return new NdjsonReportWriter(createWriteStream(path, { encoding: 'utf8' }));
  }

  /** Records written so far. */
  public get written(): number {
    return this.#written;
  }

  /**
   * Writes one record line; resolves once the stream can take more.
   *
   * @throws Error after {@link close}, or when the stream failed
   */
  public write = async (record: RecordResult): Promise<void> => {
    if (this.#closed) throw new Error('NdjsonReportWriter: write after close');
    this.#written += 1;
    await this.#line({ type: 'record', ...record });
  };

  /**
   * Writes the closing summary line (the report without `records`; any records it still holds are
   * written as record lines first), ends the stream and waits until it is flushed.
   *
   * @param report - what `runReconcile` returned
   */
  public async close(report: ReconcileReport): Promise<void> {
    const { records, ...rest } = report;
    for (const record of records) await this.write(record);
    this.#closed = true;
    await this.#line({ type: 'summary', ...rest });
    await this.#text.end();
  }

  async #line(line: ReportLine): Promise<void> {
    await this.#text.write(`${JSON.stringify(line)}\n`);
  }
}

/**
 * Reads an NDJSON report back (tests, tools): record lines in order, and the summary line.
 *
 * @param text - the file's content
 * @throws SyntaxError on a line that is not JSON
 */
function readNdjsonReport(text: string): ParsedNdjsonReport {
  const records: RecordResult[] = [];
  let summary: Omit<ReconcileReport, 'records'> | undefined;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const { type, ...rest } = JSON.parse(raw) as ReportLine;
    if (type === 'record') records.push(rest as RecordResult);
    else if (type === 'summary') summary = rest as Omit<ReconcileReport, 'records'>;
  }
  return { records, summary };
}

export { NdjsonReportWriter, readNdjsonReport };
export type { ParsedNdjsonReport, ReportLine };
