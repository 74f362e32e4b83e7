import type { Writable } from 'node:stream';
import type { ReportWriter } from './ReportWriter.ts';
import type { ReconcileReport, RecordResult } from './ReconcileReport.ts';
import { TextStream } from './TextStream.ts';

/**
 * A streaming JSON report: one JSON document with the same fields as the report `runReconcile`
 * returns, written as the run goes. It opens with `{"records": [`, writes each record (one a line)
 * as it is decided, and closes the array and adds the summary fields (runId, mode, window, summary,
 * ...) at the end; `JSON.parse` of the whole file gives the report. It keeps no record.
 */
class JsonReportWriter implements ReportWriter {
  readonly #text: TextStream;
  #written = 0;
  #closed = false;

  /** @param out - where the document goes; ended by {@link close} */
  public constructor(out: Writable) {
    this.#text = new TextStream(out);
  }

  /** Records written so far. */
  public get written(): number {
    return this.#written;
  }

  /**
   * Writes one record into the `records` array.
   *
   * @throws Error after {@link close}, or when the stream failed
   */
  public write = async (record: RecordResult): Promise<void> => {
    if (this.#closed) throw new Error('JsonReportWriter: write after close');
    const first = this.#written === 0;
    this.#written += 1;
    await this.#text.write(`${first ? '{\n  "records": [\n' : ',\n'}    ${JSON.stringify(record)}`);
  };

  /**
   * Closes the array, writes the report's other fields and ends the stream.
   *
   * @param report - what `runReconcile` returned (records it still holds are written first)
   */
  public async close(report: ReconcileReport): Promise<void> {
    const { records, ...rest } = report;
    for (const record of records) await this.write(record);
    this.#closed = true;
    // `{\n  "runId": ...\n}` without its opening brace continues the document after the array.
    const fields = JSON.stringify(rest, null, 2).slice(1);
    await this.#text.write(`${this.#written === 0 ? '{\n  "records": [' : '\n  '}],${fields}\n`);
    await this.#text.end();
  }
}

export { JsonReportWriter };
