import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdaptiveRateLimiter } from '../../../src/reconcile/AdaptiveRateLimiter.ts';

function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    elapsed: () => t,
  };
}

test('spaces requests at the configured rate', async () => {
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(10, clock.now, clock.sleep);
  for (let i = 0; i < 21; i += 1) await limiter.acquire();
  assert.ok(clock.elapsed() >= 2000 && clock.elapsed() <= 2100, `took ${clock.elapsed()} ms`);
});

test('halves the rate on throttling and recovers gradually on success', async () => {
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(8, clock.now, clock.sleep);
  limiter.onThrottle();
  limiter.onThrottle();
  assert.equal(limiter.rate, 2);
  for (let i = 0; i < 100; i += 1) limiter.onSuccess();
  assert.equal(limiter.rate, 8);
  for (let i = 0; i < 10; i += 1) limiter.onThrottle();
  assert.equal(limiter.rate, 1, 'never below 1 request a second');
});
