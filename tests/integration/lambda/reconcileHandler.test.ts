import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseReconcileSchedule } from '../../../src/config/reconcileConfig.ts';
import { createReconcileHandler } from '../../../src/lambda/createReconcileHandler.ts';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { fsArchive } from '../../helpers/archives.ts';
import { ctrFactory, lambdaContext } from '../../helpers/factories.ts';
import { archiveAll } from '../../helpers/orgHarness.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';

let sim: RunningOrgSimulator;
const made = fsArchive();
before(async () => {
  sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 20, jitter: 20 } } });
});
after(async () => {
  await sim.close();
  made.remove();
});

test('the scheduled handler reconciles a rolling window, stores its report and emits a metric per outcome', async () => {
  // Prepare: two lost syncs and one NoSync call, started a day before "now".
  const keys = sim.generatedCredentials!;
  const ctrs = [ctrFactory(), ctrFactory(), ctrFactory({ Attributes: { NoSync: 'true' } })];
  await sim.seedFromCtrs(ctrs, { lostSyncFraction: 1 });
  await archiveAll(made.archive, ctrs);
  const metrics = recordingMetrics();
  const logger = recordingLogger();
  const handler = createReconcileHandler({
    settings: async () => ({
      archive: { location: { kind: 'fs', path: made.root }, s3: { forcePathStyle: false } },
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
    }),
    schedule: parseReconcileSchedule({ RECONCILE_WINDOW: '3d', RECONCILE_GRACE: '30m', RECONCILE_MODE: 'missing', RECONCILE_VERIFY_TIMEOUT: '1m' }),
    logger,
    metrics,
    now: () => new Date('2026-11-21T12:00:00Z'),
  });

  // Act
  const result = await handler(undefined, lambdaContext());

  // Assess
  assert.equal(result.succeeded, true);
  assert.equal(result.summary['resynced-confirmed'], 2);
  assert.equal(metrics.totals.ResyncedConfirmed, 2);
  assert.equal(metrics.totals.Excluded, 1);
  assert.equal(metrics.totals.Failed, 0);
  assert.equal(metrics.totals.PatchesSent, 2);
  const stored = JSON.parse((await made.archive.store.get(result.reportKey)).toString()) as {
    recordParts: string[];
    summary: { candidates: number };
  };
  assert.equal(stored.summary.candidates, 3);
  assert.equal(stored.recordParts.length, 1, 'three records fit in one NDJSON part');
  const lines = (await made.archive.store.get(stored.recordParts[0] as string)).toString().trim().split('\n');
  assert.deepEqual(lines.map((line) => (JSON.parse(line) as { outcome: string }).outcome).sort(), [
    'excluded',
    'resynced-confirmed',
    'resynced-confirmed',
  ]);
  assert.ok(!logger.text().includes('+1555'), 'no phone numbers in logs');
});
