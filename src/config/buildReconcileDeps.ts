import { openArchive } from './archiveLocation.ts';
import type { ReconcileSettings } from './reconcileSettings.ts';
import { ResyncLedger } from '../reconcile/ResyncLedger.ts';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { SalesforceClient } from '../salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../salesforce/SoqlVoiceCallReader.ts';
import { LambdaVoiceCallWriter } from '../writers/LambdaVoiceCallWriter.ts';
import { TelephonyApiVoiceCallWriter } from '../writers/TelephonyApiVoiceCallWriter.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';

/** The adapters a reconcile run uses, built from settings. */
interface ReconcileAdapters {
  readonly archive: CtrArchive;
  readonly ledger: ResyncLedger;
  readonly client: SalesforceClient;
  readonly reader: SoqlVoiceCallReader;
  readonly writer: VoiceCallWriter;
}

/** Builds the adapters for parsed settings (the only place that picks concrete adapters). */
function buildReconcileDeps(settings: ReconcileSettings): ReconcileAdapters {
  const archive = openArchive(settings.archive.location, settings.archive.s3);
  const client = new SalesforceClient({
    loginUrl: settings.salesforce.loginUrl,
    apiVersion: settings.salesforce.apiVersion,
    auth: settings.salesforce.auth,
  });
  const writer: VoiceCallWriter =
    settings.writer.kind === 'telephony'
      ? new TelephonyApiVoiceCallWriter({
          scrtBaseUrl: settings.writer.scrtBaseUrl,
          orgId: settings.writer.orgId,
          callCenterApiName: settings.writer.callCenterApiName,
          privateKeyPem: settings.writer.privateKeyPem,
        })
      : new LambdaVoiceCallWriter({ functionName: settings.writer.functionArn, clientConfig: {} });
  return { archive, ledger: new ResyncLedger(archive.store), client, reader: new SoqlVoiceCallReader(client), writer };
}

export { buildReconcileDeps };
export type { ReconcileAdapters };
