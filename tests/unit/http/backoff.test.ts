import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, resolveRetryPolicy } from '../../../src/http/backoff.ts';

describe('backoffDelayMs (full jitter)', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
  const rows: readonly (readonly [attempt: number, random: number, expected: number])[] = [
    [1, 0.999_999, 99],
    [2, 0.999_999, 199],
    [3, 0.5, 200],
    [4, 1, 800],
    [5, 1, 1_000],
    [60, 1, 1_000],
    [3, 0, 0],
    [0, 1, 100],
  ];
  for (const [attempt, random, expected] of rows) {
    test(`attempt ${attempt}, random ${random} → ${expected} ms`, () =>
      assert.equal(
        backoffDelayMs(attempt, policy, () => random),
        expected,
      ));
  }
  test('stays within [0, bound] for out-of-range random values', () => {
    assert.equal(
      backoffDelayMs(2, policy, () => 7),
      200,
    );
    assert.equal(
      backoffDelayMs(2, policy, () => -1),
      0,
    );
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const rows: readonly (readonly [string, string | null | undefined, number | undefined])[] = [
    ['delta seconds', '2', 2_000],
    ['zero', '0', 0],
    ['whitespace', ' 5 ', 5_000],
    ['an HTTP date', 'Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['a date in the past', 'Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['absent', null, undefined],
    ['undefined', undefined, undefined],
    ['negative', '-1', undefined],
    ['fractional', '1.5', undefined],
    ['garbage', 'soon', undefined],
  ];
  for (const [name, value, expected] of rows) {
    test(name, () => assert.equal(parseRetryAfterMs(value, now), expected));
  }
});

describe('resolveRetryPolicy', () => {
  test('fills defaults and validates', () => {
    assert.deepEqual(resolveRetryPolicy({ maxAttempts: 2 }), { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
    assert.throws(() => resolveRetryPolicy({ maxAttempts: 0 }), TypeError);
    assert.throws(() => resolveRetryPolicy({ maxAttempts: 1.5 }), TypeError);
    assert.throws(() => resolveRetryPolicy({ baseDelayMs: Number.NaN }), TypeError);
  });
});
