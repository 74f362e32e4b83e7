import { simulatorSettings } from '../../../src/offline/demoSimulatorSettings.ts';
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
  const ctrs = [ctrFactory(), ctrFactory(), ctrFactory({ Attributes: { NoSync: 'true' } })];
  await sim.seedFromCtrs(ctrs, { lostSyncFraction: 1 });
  await archiveAll(made.archive, ctrs);
  // A third lost sync the capture never saw: only a partial rebuild from the data lake exists.
  const rebuilt = ctrFactory();
  await sim.seedFromCtrs([rebuilt], { lostSyncFraction: 1 });
  const { LongestHoldDuration: _, ...agent } = rebuilt.Agent as Record<string, unknown>;
  await made.archive.putRebuilt({
    contactId: rebuilt.ContactId as string,
    ctr: { ...rebuilt, Agent: agent },
    missing: ['Agent.LongestHoldDuration'],
    approximated: [],
    rebuiltAt: '2026-11-21T00:00:00.000Z',
  });
  const metrics = recordingMetrics();
  const logger = recordingLogger();
  const handler = createReconcileHandler({
    settings: async () => simulatorSettings(sim, { location: { kind: 'fs', path: made.root }, s3: { forcePathStyle: false } }),
    schedule: parseReconcileSchedule({ RECONCILE_WINDOW: '3d', RECONCILE_GRACE: '30m', RECONCILE_MODE: 'missing', RECONCILE_VERIFY_TIMEOUT: '1m' }),
    logger,
    metrics,
    now: () => new Date('2026-11-21T12:00:00Z'),
  });

  // Act
  const result = await handler(undefined, lambdaContext());

  // Assess
  assert.equal(result.succeeded, true);
  assert.equal(result.summary['resynced-confirmed'], 3);
  assert.equal(metrics.totals.ResyncedConfirmed, 3);
  assert.equal(metrics.totals.Excluded, 1);
  assert.equal(metrics.totals.Failed, 0);
  assert.equal(metrics.totals.PatchesSent, 3);
  assert.equal(metrics.totals.ResyncedFromDataLake, 1, 'which source the PATCHes came from');
  assert.equal(metrics.totals.PartialSyncs, 1);
  const stored = JSON.parse((await made.archive.store.get(result.reportKey)).toString()) as {
    recordParts: string[];
    summary: { candidates: number };
  };
  assert.equal(stored.summary.candidates, 4);
  assert.equal(stored.recordParts.length, 1, 'four records fit in one NDJSON part');
  const records = (await made.archive.store.get(stored.recordParts[0] as string))
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { vendorCallKey: string; outcome: string; ctrSource?: string; partial?: boolean; missingFields?: string[] });
  assert.equal(records.length, 4);
  const fromLake = records.find((r) => r.vendorCallKey === rebuilt.ContactId);
  assert.deepEqual([fromLake?.ctrSource, fromLake?.partial, fromLake?.missingFields], ['data-lake', true, ['Agent.LongestHoldDuration']]);
  assert.equal(records.filter((r) => r.ctrSource === 'capture').length, 3);
  assert.ok(!logger.text().includes('+1555'), 'no phone numbers in logs');
});
