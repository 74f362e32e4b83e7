import type { RunningOrgSimulator } from '@ctr-resync/org-simulator';
import type { ReconcileSettings } from '../config/reconcileSettings.ts';

/** The reconcile settings that point the product at an org simulator (its generated keys) and the given archive. */
function simulatorSettings(sim: RunningOrgSimulator, archive: ReconcileSettings['archive']): ReconcileSettings {
  const keys = sim.generatedCredentials;
  if (!keys) throw new Error('the org simulator generated no credentials');
  return {
    archive,
    salesforce: {
      loginUrl: sim.url,
      apiVersion: '61.0',
      auth: {
        grant: 'jwt-bearer',
        clientId: keys.connectedApp.clientId,
        username: keys.connectedApp.username,
        privateKeyPem: keys.connectedApp.privateKeyPem,
      },
    },
    writer: {
      kind: 'telephony',
      scrtBaseUrl: `${sim.url}/telephony/v1`,
      orgId: keys.contactCenter.orgId,
      callCenterApiName: keys.contactCenter.callCenterApiName,
      privateKeyPem: keys.contactCenter.privateKeyPem,
    },
  };
}

/** The reconcile settings that point the product at the demo's org simulator and local archive. */
function demoSettings(sim: RunningOrgSimulator, archiveDir: string): ReconcileSettings {
  return simulatorSettings(sim, { location: { kind: 'fs', path: archiveDir }, s3: { forcePathStyle: false } });
}

/** Requests the org simulator answered, by endpoint. */
function apiCallCounts(sim: RunningOrgSimulator): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [endpoint, count] of Object.entries(sim.counters().endpoints)) out[endpoint] = count.requests;
  return out;
}

export { apiCallCounts, demoSettings, simulatorSettings };
