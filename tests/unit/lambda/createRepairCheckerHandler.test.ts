import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SQSEvent } from 'aws-lambda';
import { createRepairCheckerHandler } from '../../../src/lambda/createRepairCheckerHandler.ts';
import type { ReconcileAdapters } from '../../../src/config/buildReconcileDeps.ts';
import { encodeRepairMessage } from '../../../src/repair/repairMessage.ts';
import { lambdaContext } from '../../helpers/factories.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';

const OPTIONS = { mode: 'missing', ratePerSecond: 10, verifyTimeoutMs: 1_000 } as const;

function event(bodies: readonly string[]): SQSEvent {
  return { Records: bodies.map((body, i) => ({ messageId: `m${i}`, body }) as SQSEvent['Records'][number]) };
}

const body = encodeRepairMessage({ contactId: 'c0ffee00-0000-4000-8000-000000000001', versionId: '20261120T100600000Z_0123456789abcdef' });

// Error branches only, with stub ports; the repair path itself is tested over HTTP (tests/integration/repair).
describe('repair checker handler: error branches', () => {
  test('a failed VoiceCall read reports every message for retry', async () => {
    const metrics = recordingMetrics();
    const reader = { byVendorCallKeys: async () => Promise.reject(new Error('Salesforce down')) };
    const handler = createRepairCheckerHandler({
      adapters: async () => ({ reader }) as unknown as ReconcileAdapters,
      options: OPTIONS,
      logger: recordingLogger(),
      metrics,
    });
    const response = await handler(event([body, body]), lambdaContext());
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }]);
    assert.equal(metrics.totals.RepairFailed, 2);
    assert.equal(metrics.published, 1);
  });

  test('a secrets load failure reports every message; a malformed body is retried (it ends in the DLQ)', async () => {
    const failing = createRepairCheckerHandler({
      adapters: async () => Promise.reject(new Error('secrets unavailable')),
      options: OPTIONS,
      logger: recordingLogger(),
      metrics: recordingMetrics(),
    });
    assert.deepEqual((await failing(event([body]), lambdaContext())).batchItemFailures, [{ itemIdentifier: 'm0' }]);

    const metrics = recordingMetrics();
    const reader = { byVendorCallKeys: async () => [] };
    const handler = createRepairCheckerHandler({
      adapters: async () => ({ reader }) as unknown as ReconcileAdapters,
      options: OPTIONS,
      logger: recordingLogger(),
      metrics,
    });
    const response = await handler(event(['{"v":1}', body]), lambdaContext());
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }]);
    assert.equal(metrics.totals.RepairMalformedMessages, 1);
    assert.equal(metrics.totals.RepairVoiceCallNotFound, 1);
  });
});
