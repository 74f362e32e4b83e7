import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../../../src/validation/duration.ts';
import { parseTimeOrAgo } from '../../../src/validation/timeOrAgo.ts';
import { ConfigError } from '../../../src/errors.ts';

test('parses durations', () => {
  assert.equal(parseDuration('30m', '--grace'), 1_800_000);
  assert.equal(parseDuration('7d', '--since'), 7 * 86_400_000);
  assert.equal(parseDuration('1d12h', '--since'), 36 * 3_600_000);
});

test('rejects non-durations, naming the flag', () => {
  for (const bad of ['', '7', 'd', '7x', '7d;DROP', '-1d']) {
    assert.throws(
      () => parseDuration(bad, '--grace'),
      (e: unknown) => e instanceof ConfigError && e.message.includes('--grace'),
      bad,
    );
  }
});

test('parses ISO times and durations before now', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  assert.equal(parseTimeOrAgo('2026-11-20T00:00:00Z', '--since', now).toISOString(), '2026-11-20T00:00:00.000Z');
  assert.equal(parseTimeOrAgo('2d', '--since', now).toISOString(), '2026-11-21T12:00:00.000Z');
  assert.throws(() => parseTimeOrAgo('2026-13-45', '--since', now), ConfigError);
  assert.throws(() => parseTimeOrAgo('yesterday', '--since', now), /--since/);
});
