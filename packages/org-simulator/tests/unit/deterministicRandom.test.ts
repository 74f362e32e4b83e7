import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unitRandom } from '../../src/deterministicRandom.ts';

describe('unitRandom', () => {
  it('repeats exactly for the same arguments and differs across streams and seeds', () => {
    assert.equal(unitRandom(7, 'fault:x', 3), unitRandom(7, 'fault:x', 3));
    assert.notEqual(unitRandom(7, 'fault:x', 3), unitRandom(7, 'fault:y', 3));
    assert.notEqual(unitRandom(7, 'fault:x', 3), unitRandom(8, 'fault:x', 3));
  });

  it('is roughly uniform in [0, 1)', () => {
    const n = 20_000;
    let sum = 0;
    let below = 0;
    for (let i = 0; i < n; i += 1) {
      const r = unitRandom(42, 'uniformity', i);
      assert.ok(r >= 0 && r < 1);
      sum += r;
      if (r < 0.1) below += 1;
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.02, `mean ${sum / n}`);
    assert.ok(Math.abs(below / n - 0.1) < 0.01, `P(r<0.1) ${below / n}`);
  });
});
