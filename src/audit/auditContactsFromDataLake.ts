import type { DataLakeRecord } from '../datalake/AthenaContactRecordSource.ts';
import type { ContactSummary } from '../datalake/SearchContactsSource.ts';
import type { AuditContact } from './computeAudit.ts';

/**
 * The data lake's rows as audit contacts (ContactId, initiation time, channel, method). Rows the
 * mapper refused, or without an initiation timestamp, are passed to `onInvalid` and skipped.
 *
 * @param records - AthenaContactRecordSource.records(...) output
 * @param onInvalid - told about every skipped row
 */
async function* auditContactsFromDataLake(
  records: AsyncIterable<DataLakeRecord>,
  onInvalid?: (record: DataLakeRecord) => void,
): AsyncGenerator<AuditContact> {
  for await (const record of records) {
    const ctr = record.kind === 'mapped' ? record.mapping.ctr : undefined;
    if (!ctr || typeof ctr.InitiationTimestamp !== 'string' || record.kind !== 'mapped') {
      onInvalid?.(record);
      continue;
    }
    yield {
      contactId: record.mapping.contactId,
      initiationTimestamp: ctr.InitiationTimestamp,
      channel: ctr.Channel,
      initiationMethod: ctr.InitiationMethod,
    };
  }
}

/** SearchContacts summaries as audit contacts (they already carry every field the audit reads). */
async function* auditContactsFromSearch(summaries: AsyncIterable<ContactSummary>): AsyncGenerator<AuditContact> {
  yield* summaries;
}

export { auditContactsFromDataLake, auditContactsFromSearch };
