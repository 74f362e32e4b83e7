import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CtrArchive } from '../../src/archive/CtrArchive.ts';
import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../src/ctr/parseCtr.ts';
import { predicateToSoql } from '../../src/reconcile/candidatePredicate.ts';
import { ResyncLedger } from '../../src/reconcile/ResyncLedger.ts';
import { type ReconcileOptions, runReconcile } from '../../src/reconcile/runReconcile.ts';
import type { ReconcileReport } from '../../src/reconcile/ReconcileReport.ts';
import { SalesforceClient } from '../../src/salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../../src/salesforce/SoqlVoiceCallReader.ts';
import { type RunningOrgSimulator, type SimulatorConfigPatch, startOrgSimulator } from '@ctr-resync/org-simulator';
import { TelephonyApiVoiceCallWriter } from '../../src/writers/TelephonyApiVoiceCallWriter.ts';
import type { VoiceCallWriter } from '../../src/ports/VoiceCallWriter.ts';
import { scvSync } from '../../src/transform/scvSync.ts';

/** The window every harness run covers (the generated/seeded calls lie inside it). */
const WINDOW = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };

/** An org simulator plus the product's real adapters pointed at it over HTTP. */
interface OrgHarness {
  readonly sim: RunningOrgSimulator;
  readonly client: SalesforceClient;
  readonly reader: SoqlVoiceCallReader;
  readonly writer: TelephonyApiVoiceCallWriter;
  reconcile(archive: CtrArchive, options?: Partial<ReconcileOptions> & { writer?: VoiceCallWriter }): Promise<ReconcileReport>;
  close(): Promise<void>;
}

async function startOrgHarness(config: SimulatorConfigPatch = {}): Promise<OrgHarness> {
  const sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 30, jitter: 40 }, telephonyRatePerSecond: 1000, ...config } });
  const keys = sim.generatedCredentials;
  if (!keys) throw new Error('the simulator generated no credentials');
  const client = new SalesforceClient({
    loginUrl: sim.url,
    apiVersion: '61.0',
    auth: {
      grant: 'jwt-bearer',
      clientId: keys.connectedApp.clientId,
      username: keys.connectedApp.username,
      privateKeyPem: keys.connectedApp.privateKeyPem,
    },
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  const writer = new TelephonyApiVoiceCallWriter({
    scrtBaseUrl: `${sim.url}/telephony/v1`,
    orgId: keys.contactCenter.orgId,
    callCenterApiName: keys.contactCenter.callCenterApiName,
    privateKeyPem: keys.contactCenter.privateKeyPem,
  });
  const reader = new SoqlVoiceCallReader(client);
  return {
    sim,
    client,
    reader,
    writer,
    reconcile: (archive, options = {}) =>
      runReconcile(
        { reader, writer: options.writer ?? writer, archive, ledger: new ResyncLedger(archive.store), now: () => new Date('2026-11-23T12:00:00Z') },
        {
          ...WINDOW,
          graceMs: 30 * 60_000,
          mode: 'missing',
          predicateSoql: predicateToSoql(),
          verifyIntervalMs: 100,
          verifyTimeoutMs: 5_000,
          concurrency: 8,
          ratePerSecond: 200,
          // PATCH retries moved from the writer (5 tries, inside the engine's 4 = up to 20) to the
          // engine's one policy; 10 keeps fault storms survivable with the same short backoff.
          writeRetry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 200 },
          ...options,
        },
      ),
    close: () => sim.close(),
  };
}

/** Archives CTRs (every version) directly. */
async function archiveAll(archive: CtrArchive, ctrs: readonly ContactTraceRecord[]): Promise<void> {
  for (const ctr of ctrs) await archive.put(parseCtr(JSON.stringify(ctr)));
}

/**
 * The environment the CLI needs to reconcile against a simulator: writes the simulator's private
 * keys to files in `keyDir` (mode 0600) and points every setting at the simulator and the archive.
 */
function simulatorCliEnv(sim: RunningOrgSimulator, keyDir: string, archiveRoot: string): Record<string, string> {
  const keys = sim.generatedCredentials;
  if (!keys) throw new Error('the simulator generated no credentials');
  writeFileSync(join(keyDir, 'sf.pem'), keys.connectedApp.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(keyDir, 'scv.pem'), keys.contactCenter.privateKeyPem, { mode: 0o600 });
  return {
    CTR_ARCHIVE: archiveRoot,
    SF_LOGIN_URL: sim.url,
    SF_CLIENT_ID: keys.connectedApp.clientId,
    SF_USERNAME: keys.connectedApp.username,
    SF_PRIVATE_KEY_FILE: join(keyDir, 'sf.pem'),
    SCRT_BASE_URL: `${sim.url}/telephony/v1`,
    SCV_ORG_ID: keys.contactCenter.orgId,
    SCV_CALL_CENTER_API_NAME: keys.contactCenter.callCenterApiName,
    SCV_PRIVATE_KEY_FILE: join(keyDir, 'scv.pem'),
  };
}

export { archiveAll, simulatorCliEnv, startOrgHarness, WINDOW };
export type { OrgHarness };
