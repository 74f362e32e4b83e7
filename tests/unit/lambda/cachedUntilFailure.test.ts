import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedUntilFailure } from '../../../src/lambda/cachedUntilFailure.ts';

test('loads once and shares the result; a failure is retried by the next call', async () => {
  // Prepare
  let calls = 0;
  const get = cachedUntilFailure(async () => {
    calls += 1;
    if (calls === 1) throw new Error('secrets unavailable');
    return { settings: calls };
  });

  // Act + Assess
  await assert.rejects(get(), /secrets unavailable/);
  const [a, b] = await Promise.all([get(), get()]);
  assert.equal(a, b);
  assert.deepEqual(await get(), { settings: 2 });
  assert.equal(calls, 2);
});
