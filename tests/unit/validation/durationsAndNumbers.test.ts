import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseChoice } from '../../../src/validation/choice.ts';
import { DAY_MS, formatDuration, parseDuration } from '../../../src/validation/duration.ts';
import { parseTimeOrAgo } from '../../../src/validation/timeOrAgo.ts';
import { parseWholeNumber } from '../../../src/validation/wholeNumber.ts';
import { assertConfigError, SECRET } from './helpers.ts';

const now = new Date('2026-11-23T12:00:00Z');

describe('parseDuration', () => {
  test('parses units and compounds; the default range is 0 to 3660 days', () => {
    assert.equal(parseDuration('90s', '--grace'), 90_000);
    assert.equal(parseDuration('1w', '--grace'), 7 * DAY_MS);
    assert.equal(parseDuration('1h 30m', '--grace'), 5_400_000);
    assert.equal(parseDuration('3660d', '--grace'), 3660 * DAY_MS);
    assert.equal(formatDuration(90_000), '1m30s');
  });
  test('range limits are inclusive and the error names the flag and the limits', () => {
    const range = { minMs: 1_000, maxMs: 6 * 3_600_000 };
    assert.equal(parseDuration('1s', '--verify-timeout', range), 1_000);
    assert.equal(parseDuration('6h', '--verify-timeout', range), 6 * 3_600_000);
    assertConfigError(() => parseDuration('0s', '--verify-timeout', range), '--verify-timeout', /out of range.*from 1s to 6h/);
    assertConfigError(() => parseDuration('6h1s', '--verify-timeout', range), '--verify-timeout', /out of range/);
    assertConfigError(() => parseDuration('400000d', '--grace'), '--grace', /--grace 400000d is out of range.*3660d/);
    assertConfigError(() => parseDuration(`${'9'.repeat(30)}d`, '--grace'), '--grace', /out of range/);
  });
  test('a non-duration is refused without echoing it', () => {
    for (const bad of [SECRET, '7', 'd', '-1d', '1.5h'])
      assertConfigError(
        () => parseDuration(bad, 'RECONCILE_GRACE'),
        'RECONCILE_GRACE',
        /not a duration.*30m/,
        bad === '7' || bad === 'd' ? SECRET : bad,
      );
  });
});

describe('parseTimeOrAgo', () => {
  test('ISO times with a zone, and durations before now', () => {
    assert.equal(parseTimeOrAgo('2026-11-20T01:00:00+01:00', '--since', now).toISOString(), '2026-11-20T00:00:00.000Z');
    assert.equal(parseTimeOrAgo('2026-11-20T00:00:00.500z', '--since', now).toISOString(), '2026-11-20T00:00:00.500Z');
    assert.equal(parseTimeOrAgo('36h', '--until', now).toISOString(), '2026-11-22T00:00:00.000Z');
  });
  test('a time without a zone is refused with the fix', () => {
    assertConfigError(() => parseTimeOrAgo('2026-11-20T00:00:00', '--since', now), '--since', /no time zone.*2026-11-20T00:00:00Z/);
    assertConfigError(() => parseTimeOrAgo('2026-11-20', '--since', now), '--since', /no time zone/);
  });
  test('too far back is a range error naming the flag, not a crash', () => {
    assertConfigError(() => parseTimeOrAgo('400000d', '--since', now), '--since', /out of range/);
    assertConfigError(() => parseTimeOrAgo('1999-12-31T23:59:59Z', '--since', now), '--since', /out of range.*2000-01-01/);
    assertConfigError(() => parseTimeOrAgo('4000-01-01T00:00:00Z', '--until', now), '--until', /out of range/);
    assert.equal(parseTimeOrAgo('2d', '--since', now, { maxAgoMs: 2 * DAY_MS }).toISOString(), '2026-11-21T12:00:00.000Z');
    assertConfigError(() => parseTimeOrAgo('3d', '--since', now, { maxAgoMs: 2 * DAY_MS }), '--since', /from 0s to 2d/);
  });
  test('anything else is refused without echoing it', () => {
    assertConfigError(() => parseTimeOrAgo(SECRET, 'since', now), 'since', /ISO 8601 time with a zone .* or a duration before now/);
    assertConfigError(() => parseTimeOrAgo('2026-02-30T00:00:00Zx', 'since', now), 'since', /./, SECRET);
  });
});

describe('parseWholeNumber', () => {
  test('numbers and decimal strings within the range', () => {
    assert.equal(parseWholeNumber(8, '--concurrency', { min: 1, max: 64 }), 8);
    assert.equal(parseWholeNumber(' 64 ', '--concurrency', { min: 1, max: 64 }), 64);
    assert.equal(parseWholeNumber('1', '--concurrency', { min: 1, max: 64 }), 1);
  });
  test('out of range, fractions, signs and words are refused; only digits are repeated', () => {
    assertConfigError(
      () => parseWholeNumber('0', 'RECONCILE_CONCURRENCY', { min: 1, max: 64 }),
      'RECONCILE_CONCURRENCY',
      /whole number from 1 to 64, got 0/,
    );
    assertConfigError(() => parseWholeNumber(65, '--concurrency', { min: 1, max: 64 }), '--concurrency', /1 to 64/);
    assertConfigError(() => parseWholeNumber(-1, 'ctrRetentionDays', { min: 0, max: 10 }), 'ctrRetentionDays', /whole number/);
    for (const bad of ['1.5', '1e3', '0x10', SECRET, '', true, null])
      assertConfigError(() => parseWholeNumber(bad, '--rate', { min: 1, max: 50 }), '--rate', /whole number from 1 to 50$/);
  });
});

describe('parseChoice', () => {
  test('one of the words, trimmed; otherwise the choices are listed, the value not echoed', () => {
    assert.equal(parseChoice(' diff ', 'RECONCILE_MODE', ['missing', 'diff'] as const), 'diff');
    assertConfigError(
      () => parseChoice(SECRET, 'SCV_WRITER', ['telephony', 'lambda'] as const, 'what each means'),
      'SCV_WRITER',
      /one of telephony, lambda \(what each means\)/,
    );
  });
});
