import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratePerWorker } from '../../src/backfill/backfillRate.ts';

test('the budget is split evenly across the windows that run at once, never adding up past it', () => {
  assert.equal(ratePerWorker(10, 2), 5);
  assert.equal(ratePerWorker(50, 4), 12.5);
  assert.equal(ratePerWorker(10, 40), 0.25);
  assert.equal(ratePerWorker(10, 3), 3.333);
  assert.equal(ratePerWorker(500, 1), 500);
  for (let budget = 1; budget <= 500; budget += 7) {
    for (let workers = 1; workers <= 40; workers += 1) {
      const share = ratePerWorker(budget, workers);
      const milli = Math.round(share * 1000); // the shares in 1/1000 req/s, exact
      assert.equal(milli / 1000, share, 'three decimals at most');
      assert.ok(share > 0 && milli * workers <= budget * 1000, `${budget}/s over ${workers}: ${share} each`);
      assert.ok(budget * 1000 - milli * workers < workers, 'rounding loses less than 1/1000 per worker');
    }
  }
});

test('a budget or concurrency that cannot be split is refused', () => {
  assert.throws(() => ratePerWorker(0, 2), RangeError);
  assert.throws(() => ratePerWorker(10, 0), RangeError);
  assert.throws(() => ratePerWorker(10, 1.5), RangeError);
  assert.throws(() => ratePerWorker(0.001, 2), RangeError);
});
