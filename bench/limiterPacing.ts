/**
 * The rate limiter on the real clock: for a few budgets, 16 callers (reconcile's `--concurrency 16`)
 * acquire as fast as they can for a few seconds, after an idle second; prints the achieved rate and
 * the busiest one-second window (which must never exceed the budget), then a 429 storm's effect.
 *
 *   node --import tsx bench/limiterPacing.ts [--seconds 3]
 */
import { AdaptiveRateLimiter } from '../src/reconcile/AdaptiveRateLimiter.ts';

function busiestSecond(times: readonly number[]): number {
  let most = 0;
  let j = 0;
  for (let i = 0; i < times.length; i += 1) {
    while (j < times.length && (times[j] as number) < (times[i] as number) + 1000) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

async function pace(rate: number, seconds: number): Promise<{ achieved: number; busiest: number; count: number }> {
  const limiter = new AdaptiveRateLimiter(rate, () => performance.now());
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < end) {
        await limiter.acquire();
        times.push(performance.now());
      }
    }),
  );
  const span = ((times.at(-1) as number) - (times[0] as number)) / 1000;
  return { achieved: (times.length - 1) / span, busiest: busiestSecond(times), count: times.length };
}

const at = process.argv.indexOf('--seconds');
const seconds = at >= 0 ? Number(process.argv[at + 1]) : 3;
console.log('| budget/s | requests | achieved/s | busiest 1-s window |');
console.log('| -------- | -------- | ---------- | ------------------ |');
for (const rate of [10, 40, 50, 200, 500]) {
  const r = await pace(rate, seconds);
  console.log(
    `| ${String(rate).padStart(8)} | ${String(r.count).padStart(8)} | ${r.achieved.toFixed(1).padStart(10)} | ${String(r.busiest).padStart(18)} |`,
  );
}
const storm = new AdaptiveRateLimiter(40, () => performance.now());
for (let i = 0; i < 16; i += 1) storm.onThrottle();
const afterStorm = storm.rate;
let successes = 0;
while (storm.rate < 40) {
  storm.onSuccess();
  successes += 1;
}
console.log(
  `\n429 storm (16 at once) at 40/s: rate ${afterStorm}/s; back to 40/s after ${successes} successes (additive: +2/rate each, 5% of the budget)`,
);
