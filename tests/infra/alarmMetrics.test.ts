import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { SERVICE_DIMENSION, SERVICES } from '../../infra/constructs/Alarms.ts';
import type { CtrArchive } from '../../src/archive/CtrArchive.ts';
import { createArchiveHandler } from '../../src/lambda/createArchiveHandler.ts';
import { AUDIT_METRICS } from '../../src/lambda/createAuditHandler.ts';
import { outcomeMetric } from '../../src/lambda/createReconcileHandler.ts';
import { OUTCOMES } from '../../src/reconcile/ReconcileReport.ts';

// The alarms are only as good as their metric identity: namespace, name and the exact dimension set.

test('the archiver emits the metric names the alarms watch', async () => {
  // Prepare
  const names: string[] = [];
  const handler = createArchiveHandler({
    archive: {} as CtrArchive,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    metrics: { addMetric: (name) => void names.push(name), publishStoredMetrics: () => {} },
  });

  // Act
  await handler({ Records: [] }, {} as Context);

  // Assess
  assert.ok(names.includes('FailedRecords'));
  assert.ok(names.includes('QuarantinedRecords'));
});

test('the reconcile handler emits Failed and ResyncedUnconfirmed (one metric per outcome)', () => {
  const names = OUTCOMES.map(outcomeMetric);
  assert.ok(names.includes('Failed'));
  assert.ok(names.includes('ResyncedUnconfirmed'));
});

test('the audit handler emits ContactsMissingFromArchive, the metric its alarm watches', () => {
  assert.equal(AUDIT_METRICS.captureGaps, 'ContactsMissingFromArchive');
});

test('Powertools Metrics puts the service name in a dimension called `service`, the only dimension', () => {
  for (const serviceName of Object.values(SERVICES)) {
    // Prepare: the same construction as src/lambda/*Handler.ts
    const metrics = new Metrics({ namespace: 'CtrResync', serviceName });
    metrics.addMetric('FailedRecords', MetricUnit.Count, 1);

    // Act
    const emf = metrics.serializeMetrics() as unknown as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } } & Record<
      string,
      unknown
    >;

    // Assess
    assert.deepEqual(emf._aws.CloudWatchMetrics[0]?.Dimensions, [[SERVICE_DIMENSION]]);
    assert.equal(emf[SERVICE_DIMENSION], serviceName);
  }
});

test('the Lambda entry points name their Powertools service as the alarms expect', () => {
  for (const [file, service] of [
    ['archiveHandler.ts', SERVICES.archiver],
    ['reconcileHandler.ts', SERVICES.reconcile],
    ['repairCheckerHandler.ts', SERVICES.repair],
    ['auditHandler.ts', SERVICES.audit],
  ] as const) {
    const source = readFileSync(new URL(`../../src/lambda/${file}`, import.meta.url), 'utf8');
    assert.match(
      source,
      new RegExp(`new Metrics\\(\\{ namespace: process\\.env\\.METRICS_NAMESPACE \\?\\? 'CtrResync', serviceName: '${service}' \\}\\)`),
      file,
    );
  }
});
