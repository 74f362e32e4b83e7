import { ConnectClient } from '@aws-sdk/client-connect';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { auditContactsFromDataLake } from '../audit/auditContactsFromDataLake.ts';
import type { AuditInputs } from '../audit/computeAudit.ts';
import { SearchContactsSource } from '../datalake/SearchContactsSource.ts';
import { SalesforceClient } from '../salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../salesforce/SoqlVoiceCallReader.ts';
import { openArchive } from './archiveLocation.ts';
import type { AuditSchedule } from './auditSettings.ts';
import { buildDataLakeSource } from './buildDataLakeSource.ts';
import type { ReconcileSettings } from './reconcileSettings.ts';

/** The Connect side of the audit, and how to release its client. */
interface AuditConnectSide {
  readonly connectContacts: AuditInputs['connectContacts'];
  readonly close: () => void;
}

/** The archive and VoiceCall sides of the audit. */
interface AuditReadSides {
  readonly archive: CtrArchive;
  readonly archivedContacts: AuditInputs['archivedContacts'];
  readonly voiceCalls: AuditInputs['voiceCalls'];
}

/**
 * Builds the Connect side for parsed settings: the data lake through Athena, or SearchContacts
 * with one UTC day per request range (so the audit's per-day sets stay exact, as in the CLI).
 */
function buildAuditConnectSide(schedule: Pick<AuditSchedule, 'source' | 'dataLake'>): AuditConnectSide {
  const dl = schedule.dataLake;
  if (schedule.source === 'data-lake') {
    const { source, client } = buildDataLakeSource(dl);
    return { connectContacts: (piece) => auditContactsFromDataLake(source.records(piece)), close: () => client.destroy() };
  }
  const client = new ConnectClient({ ...(dl.region ? { region: dl.region } : {}), ...(dl.connectEndpoint ? { endpoint: dl.connectEndpoint } : {}) });
  const source = new SearchContactsSource({ client, instanceId: dl.instanceId, maxRangeDays: 1 });
  return { connectContacts: (piece) => source.contacts(piece), close: () => client.destroy() };
}

/** Builds the archive and VoiceCall readers for parsed archive and Salesforce settings. */
function buildAuditReadSides(settings: Pick<ReconcileSettings, 'archive' | 'salesforce'>): AuditReadSides {
  const archive = openArchive(settings.archive.location, settings.archive.s3);
  const reader = new SoqlVoiceCallReader(
    new SalesforceClient({ loginUrl: settings.salesforce.loginUrl, apiVersion: settings.salesforce.apiVersion, auth: settings.salesforce.auth }),
  );
  return { archive, archivedContacts: (piece) => archive.contactsInWindow(piece), voiceCalls: (piece) => reader.candidates(piece) };
}

export { buildAuditConnectSide, buildAuditReadSides };
export type { AuditConnectSide, AuditReadSides };
