import { Writable } from 'node:stream';
import type { ReportFileFormat } from '../config/reportOutput.ts';
import type { ReportWriter } from '../reconcile/ReportWriter.ts';
import { CsvReportWriter } from '../reconcile/CsvReportWriter.ts';
import { JsonReportWriter } from '../reconcile/JsonReportWriter.ts';
import { NdjsonReportWriter } from '../reconcile/NdjsonReportWriter.ts';
import type { CliIo } from './CliIo.ts';

/**
 * The streaming report writer of a format.
 *
 * @param format - `json` (one document), `ndjson` (a line per record, then a summary line) or `csv` (a row per candidate)
 * @param out - where it goes; the writer ends it on close
 */
function openReportWriter(format: ReportFileFormat, out: Writable): ReportWriter {
  if (format === 'csv') return new CsvReportWriter(out);
  if (format === 'ndjson') return new NdjsonReportWriter(out);
  return new JsonReportWriter(out);
}

/**
 * A stream onto the command's stdout that a report writer may end without closing stdout itself;
 * it waits for `drain` when the real stdout says it is full.
 */
function stdoutStream(io: CliIo): Writable {
  const stdout = io.stdout as CliIo['stdout'] & { once?: (event: 'drain', listener: () => void) => unknown };
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      const accepted = stdout.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      if (accepted === false && typeof stdout.once === 'function') stdout.once('drain', () => callback());
      else callback();
    },
  });
}

export { openReportWriter, stdoutStream };
