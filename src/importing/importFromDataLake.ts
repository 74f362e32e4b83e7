import type { CtrArchive } from '../archive/CtrArchive.ts';
import type { DataLakeRecord } from '../datalake/AthenaContactRecordSource.ts';
import { canEvaluateExclusion } from '../datalake/contactRecordToCtr.ts';

/**
 * CTR fields the mapper may report missing that SCV's transform does not read: their absence does
 * not make a sync partial. LastUpdateTimestamp only names the version (transformCtr never reads it).
 */
const NOT_TRANSFORM_INPUTS: ReadonlySet<string> = new Set(['LastUpdateTimestamp']);

/** What a data-lake import did (counts and field names only: no values). */
interface DataLakeImportSummary {
  /** Rows the data lake returned. */
  rows: number;
  /** Rows the mapper refused (unsafe contact_id, malformed value): not stored. */
  invalid: number;
  /** Rebuilt versions written. */
  stored: number;
  /** Rows whose rebuilt version was stored already (a re-import, or the data lake's at-least-once duplicate). */
  duplicate: number;
  /** Rows whose SCV exclusion cannot be evaluated (Attributes, Channel, InitiationMethod or Recordings missing): never stored, never sent. */
  undecidable: number;
  /** Rows stored with every transform input. */
  complete: number;
  /** Rows stored without some transform input: a sync from them is partial. */
  partial: number;
  /** Rows with a duration rounded from milliseconds. */
  approximated: number;
  /** Missing CTR field → rows missing it. */
  missingFields: Record<string, number>;
  /** Rows whose write failed. */
  failed: number;
  failures: { contactId: string; message: string }[];
}

/** Options of {@link importFromDataLake}. */
interface DataLakeImportOptions {
  /** ISO time stamped on each stored version. */
  readonly rebuiltAt: string;
  /** Called after each row with the running summary. */
  readonly onProgress?: (summary: Readonly<DataLakeImportSummary>) => void;
  /** Stops before the next row when aborted. */
  readonly signal?: AbortSignal;
}

function emptyDataLakeImportSummary(): DataLakeImportSummary {
  return {
    rows: 0,
    invalid: 0,
    stored: 0,
    duplicate: 0,
    undecidable: 0,
    complete: 0,
    partial: 0,
    approximated: 0,
    missingFields: {},
    failed: 0,
    failures: [],
  };
}

/**
 * Stores every usable data-lake row of a window in the archive as a rebuilt version
 * (`CtrArchive.putRebuilt`: under `rebuilt/data-lake/`, never under `ctr/`, idempotent). A row
 * whose SCV exclusion cannot be evaluated is counted `undecidable` and not stored, since NoSync or
 * voicemail could not be ruled out. A write that fails is counted and the import goes on.
 *
 * @param records - AthenaContactRecordSource.records(window)
 * @param archive - where the rebuilt versions go
 * @throws whatever the source throws (an Athena query failed, was cancelled or stayed throttled)
 */
async function importFromDataLake(
  records: AsyncIterable<DataLakeRecord>,
  archive: Pick<CtrArchive, 'putRebuilt'>,
  options: DataLakeImportOptions,
): Promise<DataLakeImportSummary> {
  const summary = emptyDataLakeImportSummary();
  for await (const record of records) {
    if (options.signal?.aborted) break;
    summary.rows += 1;
    if (record.kind === 'invalid') {
      summary.invalid += 1;
    } else if (!canEvaluateExclusion(record.mapping)) {
      summary.undecidable += 1;
    } else {
      const m = record.mapping;
      const missing = m.missing.map((x) => x.ctrField).filter((field) => !NOT_TRANSFORM_INPUTS.has(field));
      try {
        const put = await archive.putRebuilt({
          contactId: m.contactId,
          ctr: m.ctr,
          missing,
          approximated: m.approximated.map((a) => a.ctrField),
          rebuiltAt: options.rebuiltAt,
        });
        summary[put.outcome] += 1;
        if (missing.length === 0) summary.complete += 1;
        else summary.partial += 1;
        if (m.approximated.length > 0) summary.approximated += 1;
        for (const field of missing) summary.missingFields[field] = (summary.missingFields[field] ?? 0) + 1;
      } catch (error) {
        summary.failed += 1;
        if (summary.failures.length < 20)
          summary.failures.push({ contactId: m.contactId, message: error instanceof Error ? error.message : String(error) });
      }
    }
    options.onProgress?.(summary);
  }
  return summary;
}

export { emptyDataLakeImportSummary, importFromDataLake, NOT_TRANSFORM_INPUTS };
export type { DataLakeImportOptions, DataLakeImportSummary };
