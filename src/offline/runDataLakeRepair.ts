import { AthenaClient } from '@aws-sdk/client-athena';
import { startConnectSimulator } from '@ctr-resync/connect-simulator';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { auditContactsFromDataLake } from '../audit/auditContactsFromDataLake.ts';
import { type AuditReport, computeAudit } from '../audit/computeAudit.ts';
import type { ContactTraceRecord } from '../ctr/ContactTraceRecord.ts';
import { AthenaContactRecordSource, type DataLakeRecord } from '../datalake/AthenaContactRecordSource.ts';
import { canEvaluateExclusion } from '../datalake/contactRecordToCtr.ts';
import { type DataLakeImportSummary, importFromDataLake } from '../importing/importFromDataLake.ts';
import type { VoiceCallReader } from '../ports/VoiceCallReader.ts';
import { SIMULATED_INSTANCE_ID, simulatedContactRecordRow } from './simulatedContactRecordRow.ts';

/** What the demo's data-lake step found and stored. */
interface DataLakeStep {
  /** Contacts the SIMULATED data lake holds for the day (Connect's own copy: every contact). */
  readonly rows: number;
  /** The audit: contacts Connect knows that are missing from the archive (capture gaps). */
  readonly audit: AuditReport['totals'];
  /** The import of those gaps into the archive as data-lake versions. */
  readonly imported: DataLakeImportSummary;
  /** Gap contacts not stored because SCV's exclusion could not be evaluated (voicemail without Recordings). */
  readonly undecidableContactIds: ReadonlySet<string>;
}

/** Every contact once, at its newest version, as the data lake would hold it. */
function newestPerContact(ctrs: readonly ContactTraceRecord[]): ContactTraceRecord[] {
  const newest = new Map<string, ContactTraceRecord>();
  for (const ctr of ctrs) {
    if (typeof ctr.ContactId !== 'string' || typeof ctr.InitiationTimestamp !== 'string') continue;
    const seen = newest.get(ctr.ContactId);
    if (!seen || String(ctr.LastUpdateTimestamp ?? '') > String(seen.LastUpdateTimestamp ?? '')) newest.set(ctr.ContactId, ctr);
  }
  return [...newest.values()];
}

/** The records initiated in [from, to) (invalid ones are kept: they are counted, never stored). */
async function* inPiece(records: readonly DataLakeRecord[], piece: { readonly from: Date; readonly to: Date }): AsyncGenerator<DataLakeRecord> {
  const from = piece.from.toISOString();
  const to = piece.to.toISOString();
  for (const record of records) {
    const at = record.kind === 'mapped' ? new Date(String(record.mapping.ctr.InitiationTimestamp)).toISOString() : from;
    if (at >= from && at < to) yield record;
  }
}

/** The data lake's rows of contacts the archive does not hold (invalid rows pass, to be counted). */
async function* gapsOnly(
  records: AsyncIterable<DataLakeRecord>,
  archived: ReadonlySet<string>,
  undecidable: Set<string>,
): AsyncGenerator<DataLakeRecord> {
  for await (const record of records) {
    if (record.kind === 'mapped' && archived.has(record.mapping.contactId)) continue;
    if (record.kind === 'mapped' && !canEvaluateExclusion(record.mapping)) undecidable.add(record.mapping.contactId);
    yield record;
  }
}

/**
 * The demo's second source: starts the connect-simulator (a SIMULATED Athena over the day's
 * contact records) with every contact Connect handled, runs the completeness audit (data lake vs
 * archive vs VoiceCalls), then imports the contacts missing from the archive through the same
 * path as `archive import-data-lake` (`importFromDataLake`), so reconcile can repair them. The
 * CLI imports a whole window; the demo imports only the gaps to stay short.
 */
async function runDataLakeRepair(input: {
  readonly ctrs: readonly ContactTraceRecord[];
  readonly window: { readonly from: Date; readonly to: Date };
  readonly archive: CtrArchive;
  readonly reader: VoiceCallReader;
  readonly now: Date;
}): Promise<DataLakeStep> {
  const rows = newestPerContact(input.ctrs).map((ctr) => simulatedContactRecordRow(ctr));
  const connect = await startConnectSimulator({ rows, athena: { queuedPolls: 0, runningPolls: 1 } });
  // The simulator accepts any credentials; explicit ones keep the SDK from reading the environment.
  const client = new AthenaClient({
    region: 'us-east-1',
    endpoint: connect.url,
    credentials: { accessKeyId: 'simulated', secretAccessKey: 'simulated' },
  });
  try {
    const source = new AthenaContactRecordSource({
      client,
      instanceId: SIMULATED_INSTANCE_ID,
      poll: { initialDelayMs: 20, maxDelayMs: 200, maxPolls: 200 },
    });
    // One Athena query for the day, read once and shared by the audit and the import.
    const records: DataLakeRecord[] = [];
    for await (const record of source.records(input.window)) records.push(record);
    const audit = await computeAudit(
      {
        connectContacts: (piece) => auditContactsFromDataLake(inPiece(records, piece)),
        archivedContacts: (piece) => input.archive.contactsInWindow(piece),
        voiceCalls: (piece) => input.reader.candidates(piece),
      },
      input.window,
    );
    const archived = new Set<string>();
    for await (const entry of input.archive.contactsInWindow(input.window)) archived.add(entry.contactId);
    const undecidable = new Set<string>();
    const imported = await importFromDataLake(gapsOnly(inPiece(records, input.window), archived, undecidable), input.archive, {
      rebuiltAt: input.now.toISOString(),
    });
    return { rows: rows.length, audit: audit.totals, imported, undecidableContactIds: undecidable };
  } finally {
    client.destroy();
    await connect.close();
  }
}

export { runDataLakeRepair };
export type { DataLakeStep };
