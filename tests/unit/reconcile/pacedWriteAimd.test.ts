import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdaptiveRateLimiter } from '../../../src/reconcile/AdaptiveRateLimiter.ts';
import { createPacedWrite } from '../../../src/reconcile/pacedWrite.ts';
import { InMemoryOrg } from '../../helpers/inMemoryPorts.ts';

function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

const FIELDS = { vendorCallKey: 'k' } as never;

test('through the paced write: a 429 storm halves the whole run once, and recovery is additive', async () => {
  // Prepare: 8 PATCHes in flight all answered 429 at the same moment (a storm), then everything succeeds
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(40, clock.now, clock.sleep);
  const org = new InMemoryOrg();
  for (let i = 0; i < 8; i += 1) org.fates.push({ refuse: 429 });
  const write = createPacedWrite({ writer: org, limiter, policy: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 }, sleep: async () => {} });

  // Act
  const storm = await Promise.all(Array.from({ length: 8 }, (_, i) => write(`0LQ${i}`, FIELDS)));

  // Assess: one halving for the storm (not 40 / 2^8), then +step/rate per success (step: 5% of 40 = 2/s)
  assert.ok(storm.every((o) => o.kind === 'accepted'));
  // 40 halved once is 20; the 8 retries then succeeded, each adding 2/rate
  assert.ok(limiter.rate > 20 && limiter.rate < 21, `rate ${limiter.rate}`);
  const before = limiter.rate;
  for (let i = 0; i < 20; i += 1) await write(`0LQa${i}`, FIELDS);
  const grown = limiter.rate - before;
  assert.ok(grown > 1.8 && grown <= 2, `one second of successes at ~20/s grows the rate by about 2/s (5% of the budget), grew ${grown}`);
});

test('through the paced write: 429s that go on second after second keep halving, down to 1/s', async () => {
  // Prepare
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(40, clock.now, clock.sleep);
  const org = new InMemoryOrg();
  const write = createPacedWrite({ writer: org, limiter, policy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, sleep: clock.sleep });

  // Act: every PATCH refused with 429 (twice), one PATCH a second for 8 s of simulated time
  const rates: number[] = [];
  for (let s = 0; s < 8; s += 1) {
    org.fates.push({ refuse: 429 }, { refuse: 429 });
    await write(`0LQ${s}`, FIELDS);
    rates.push(limiter.rate);
    await clock.sleep(1000);
  }

  // Assess
  assert.equal(rates[0], 20);
  for (let i = 1; i < rates.length; i += 1) {
    const [prev, next] = [rates[i - 1] as number, rates[i] as number];
    assert.ok(next < prev || next === 1, `second ${i}: ${prev} -> ${next} keeps falling`);
    assert.ok(next >= Math.max(1, prev / 4), `second ${i}: ${prev} -> ${next} at most one halving per second of 429s`);
  }
  assert.equal(limiter.rate, 1, 'never below 1/s');
});
