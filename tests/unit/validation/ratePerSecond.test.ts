import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReconcileSchedule } from '../../../src/config/reconcileConfig.ts';
import { ConfigError } from '../../../src/errors.ts';
import { createReconcileHandler } from '../../../src/lambda/createReconcileHandler.ts';
import { parseRatePerSecond } from '../../../src/validation/ratePerSecond.ts';
import { lambdaContext } from '../../helpers/factories.ts';

test("a rate is a number above 0 and at most 500, fractions allowed (a backfill window's share)", () => {
  assert.equal(parseRatePerSecond(0.25, 'ratePerSecond', 500), 0.25);
  assert.equal(parseRatePerSecond('12.5', 'ratePerSecond', 500), 12.5);
  assert.equal(parseRatePerSecond(500, 'ratePerSecond', 500), 500);
  for (const bad of [0, -1, 501, Number.NaN, Number.POSITIVE_INFINITY, 'fast', '1e3', '', null, {}]) {
    assert.throws(
      () => parseRatePerSecond(bad, 'ratePerSecond', 500),
      (e: unknown) => e instanceof ConfigError && e.setting === 'ratePerSecond',
      String(bad),
    );
  }
});

test('the reconcile handler refuses a bad ratePerSecond in its input before it touches anything', async () => {
  let settingsRead = 0;
  const handler = createReconcileHandler({
    settings: async () => {
      settingsRead += 1;
      throw new Error('not reached');
    },
    schedule: parseReconcileSchedule({}),
    logger: { info: () => {}, warn: () => {}, error: () => {} } as never,
    metrics: { addMetric: () => {}, publishStoredMetrics: () => {} } as never,
  });
  await assert.rejects(handler({ ratePerSecond: 0 }, lambdaContext()), (e: unknown) => e instanceof ConfigError && e.setting === 'ratePerSecond');
  await assert.rejects(
    handler({ ratePerSecond: 'x' as never }, lambdaContext()),
    (e: unknown) => e instanceof ConfigError && e.setting === 'ratePerSecond',
  );
  assert.equal(settingsRead, 0);
});
