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

/** A discrete-event clock: timers fire in time order, each after the microtasks of the last one ran. */
function eventClock() {
  let t = 0;
  let seq = 0;
  const timers: { at: number; seq: number; fire: () => void }[] = [];
  const at = (when: number, fire: () => void): void => {
    timers.push({ at: when, seq: seq++, fire });
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };
  const drain = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((resolve) => at(t + ms, resolve)),
    at,
    async run(): Promise<void> {
      await drain();
      for (let timer = timers.shift(); timer; timer = timers.shift()) {
        t = timer.at;
        timer.fire();
        await drain();
      }
    },
  };
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The most acquisitions in any half-open one-second window [s, s + 1000). */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + 1000) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

test('spaces requests at the configured rate', async () => {
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(10, clock.now, clock.sleep);
  for (let i = 0; i < 21; i += 1) await limiter.acquire();
  assert.ok(clock.elapsed() >= 2000 && clock.elapsed() <= 2100, `took ${clock.elapsed()} ms`);
});

test('after idle time it does not burst: one request, then the spacing again', async () => {
  // Prepare
  const clock = eventClock();
  const limiter = new AdaptiveRateLimiter(40, clock.now, clock.sleep);
  const times: number[] = [];
  const burst = (start: number) => {
    for (let i = 0; i < 40; i += 1) clock.at(start, () => void limiter.acquire().then(() => times.push(clock.now())));
  };
  burst(0);
  burst(5_000); // the bucket of the old limiter would hold 40 tokens by now

  // Act
  await clock.run();

  // Assess
  assert.equal(times.length, 80);
  assert.ok(busiestSecond(times) <= 40, `busiest second held ${busiestSecond(times)}`);
  const afterIdle = times.filter((t) => t >= 5_000);
  assert.ok((afterIdle[1] as number) - (afterIdle[0] as number) >= 12.5, 'the second request after idle time waits (half of) 1/rate');
  assert.ok((afterIdle[39] as number) - (afterIdle[0] as number) >= 39 * 25 - 12.5, 'and the rest follow the schedule');
});

test('property: for rates 1..200 and random arrivals (with 429s mixed in), no one-second window holds more than the rate', async () => {
  for (let rate = 1; rate <= 200; rate += 1) {
    // Prepare
    const random = prng(rate * 7919);
    const clock = eventClock();
    const limiter = new AdaptiveRateLimiter(rate, clock.now, clock.sleep);
    const times: number[] = [];
    const count = Math.max(20, Math.min(3 * rate, 400));
    let t = 0;
    for (let i = 0; i < count; i += 1) {
      const shape = random();
      // bursts (same instant), fractional gaps, and idle gaps of up to 3 s
      t += shape < 0.4 ? 0 : shape < 0.8 ? random() * (2000 / rate) : shape < 0.95 ? random() * 50.5 : random() * 3000;
      clock.at(t, () => {
        void limiter.acquire().then(() => {
          times.push(clock.now());
          const signal = random();
          if (signal < 0.03) limiter.onThrottle();
          else limiter.onSuccess();
        });
      });
    }

    // Act
    await clock.run();

    // Assess
    assert.equal(times.length, count);
    const most = busiestSecond(times);
    assert.ok(most <= rate, `rate ${rate}: a one-second window held ${most} acquisitions`);
  }
});

test('halves the rate on throttling and recovers gradually on success', async () => {
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(8, clock.now, clock.sleep);
  limiter.onThrottle();
  await clock.sleep(1000);
  limiter.onThrottle();
  assert.equal(limiter.rate, 2);
  for (let i = 0; i < 100; i += 1) limiter.onSuccess();
  assert.equal(limiter.rate, 8);
  for (let i = 0; i < 10; i += 1) {
    limiter.onThrottle();
    await clock.sleep(1000);
  }
  assert.equal(limiter.rate, 1, 'never below 1 request a second');
});

test('a storm of 429s within one second halves the rate once, not once per 429', () => {
  const clock = fakeClock();
  const limiter = new AdaptiveRateLimiter(40, clock.now, clock.sleep);
  for (let i = 0; i < 16; i += 1) limiter.onThrottle();
  assert.equal(limiter.rate, 20);
});
