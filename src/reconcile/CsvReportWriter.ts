import type { Writable } from 'node:stream';
import { redactPhoneNumbers } from '../logging/redact.ts';
import type { ReportWriter } from './ReportWriter.ts';
import type { ReconcileReport, RecordResult } from './ReconcileReport.ts';
import { TextStream } from './TextStream.ts';

/** The CSV columns, in order (the header row). */
const CSV_COLUMNS = [
  'voiceCallId',
  'contactId',
  'outcome',
  'rule',
  'detail',
  'source',
  'partial',
  'missingFields',
  'ctrVersion',
  'fieldsChanged',
  'errorCode',
  'errorMessage',
] as const;

/**
 * One RFC 4180 field: quoted (with `"` doubled) when it holds a comma, a quote, CR or LF. A text
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`
 * (OWASP's advice against CSV injection). Written by hand: the rule is this short, and no CSV
 * library is among the dependencies.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A record's row: Ids, outcome, rule, the names (never the values) of the fields that differ, the error. */
function csvRow(record: RecordResult): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    voiceCallId: record.voiceCallId,
    contactId: record.vendorCallKey ?? '',
    outcome: record.outcome,
    rule: record.rule ?? '',
    // Free text written by this tool; redacted anyway, as every text that leaves the run.
    detail: redactPhoneNumbers(record.detail ?? ''),
    source: record.ctrSource ?? '',
    // A PATCH rebuilt from the data lake that could not carry every field (their names, never values).
    partial: record.partial ? 'true' : '',
    missingFields: (record.missingFields ?? []).join(';'),
    ctrVersion: record.ctrVersion ?? '',
    fieldsChanged: (record.changes ?? []).map((c) => c.field).join(';'),
    errorCode: record.error?.code ?? '',
    errorMessage: redactPhoneNumbers(record.error?.message ?? ''),
  };
  return `${CSV_COLUMNS.map((column) => csvField(cells[column])).join(',')}\r\n`;
}

/**
 * A streaming CSV report: a header row, then one row per candidate as it is decided (CRLF line
 * ends, RFC 4180 quoting). No phone number and no field value is written: `fieldsChanged` lists
 * field names only. The run's summary is not part of the file (print it, or write a JSON report).
 */
class CsvReportWriter implements ReportWriter {
  readonly #text: TextStream;
  #header = false;
  #closed = false;

  /** @param out - where the rows go; ended by {@link close} */
  public constructor(out: Writable) {
    this.#text = new TextStream(out);
  }

  /**
   * Writes one row (the header before the first).
   *
   * @throws Error after {@link close}, or when the stream failed
   */
  public write = async (record: RecordResult): Promise<void> => {
    if (this.#closed) throw new Error('CsvReportWriter: write after close');
    await this.#text.write(`${this.#headerOnce()}${csvRow(record)}`);
  };

  /** Writes the rows of records the report still holds (and the header, if none was written) and ends the stream. */
  public async close(report: ReconcileReport): Promise<void> {
    for (const record of report.records) await this.write(record);
    this.#closed = true;
    await this.#text.write(this.#headerOnce());
    await this.#text.end();
  }

  #headerOnce(): string {
    if (this.#header) return '';
    this.#header = true;
    return `${CSV_COLUMNS.join(',')}\r\n`;
  }
}

export { CSV_COLUMNS, CsvReportWriter, csvField, csvRow };
