import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backfillExecutionName, backfillWindows, MAX_BACKFILL_DAYS, MAX_BACKFILL_WINDOWS, parseDay } from '../../src/backfill/backfillWindows.ts';
import { ConfigError } from '../../src/errors.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

test('one UTC day per window, covering from..to (both included) exactly once, in order', () => {
  // Act
  const windows = backfillWindows('2024-02-28', '2024-03-01', { now: NOW });

  // Assess
  assert.deepEqual(windows, [
    { since: '2024-02-28T00:00:00.000Z', until: '2024-02-29T00:00:00.000Z' },
    { since: '2024-02-29T00:00:00.000Z', until: '2024-03-01T00:00:00.000Z' },
    { since: '2024-03-01T00:00:00.000Z', until: '2024-03-02T00:00:00.000Z' },
  ]);
});

test('windows are contiguous, never overlap, and span the range for any window size', () => {
  for (const windowHours of [1, 2, 3, 4, 6, 8, 12, 24]) {
    const windows = backfillWindows('2026-03-28', '2026-03-30', { now: NOW, windowHours });
    assert.equal(windows.length, 3 * (24 / windowHours));
    assert.equal(windows[0]?.since, '2026-03-28T00:00:00.000Z');
    assert.equal(windows.at(-1)?.until, '2026-03-31T00:00:00.000Z');
    for (let i = 1; i < windows.length; i += 1) assert.equal(windows[i]?.since, windows[i - 1]?.until);
    for (const w of windows) assert.equal(Date.parse(w.until) - Date.parse(w.since), windowHours * 3_600_000);
  }
});

test('a single day, and today itself, are allowed', () => {
  assert.equal(backfillWindows('2026-11-23', '2026-11-23', { now: NOW }).length, 1);
});

test('refuses malformed days, reversed and future ranges, too long ranges, too many windows', () => {
  const fails = (from: string, to: string, setting: string, options: { windowHours?: number } = {}) =>
    assert.throws(
      () => backfillWindows(from, to, { now: NOW, ...options }),
      (e: unknown) => e instanceof ConfigError && e.setting === setting,
      `${from}..${to}`,
    );
  fails('2026-02-29', '2026-03-01', '--from');
  fails('2026-1-5', '2026-03-01', '--from');
  fails('2026-01-05T00:00:00Z', '2026-03-01', '--from');
  fails('2026-01-05', 'tomorrow', '--to');
  fails('2026-03-02', '2026-03-01', '--to');
  fails('2026-11-20', '2026-11-24', '--to');
  fails('2024-01-01', '2025-01-01', '--to');
  fails('2026-01-01', '2026-02-15', '--window-hours', { windowHours: 1 });
  fails('2026-01-01', '2026-01-02', '--window-hours', { windowHours: 5 });
  assert.equal(backfillWindows('2025-01-01', '2025-12-31', { now: NOW }).length, 365);
  assert.equal(MAX_BACKFILL_DAYS, 366);
  assert.ok(MAX_BACKFILL_WINDOWS * 80 < 256 * 1024, 'the largest input stays far below the Step Functions payload quota');
});

test('parseDay is strict about the calendar', () => {
  assert.equal(parseDay('2024-02-29', '--from').toISOString(), '2024-02-29T00:00:00.000Z');
  assert.throws(() => parseDay('2023-02-29', '--from'), /not a calendar day/);
});

test("execution names are unique per start, within Step Functions' 80 characters and character set", () => {
  const name = backfillExecutionName('2026-01-01', '2026-03-31', new Date('2026-11-23T12:34:56.789Z'));
  assert.equal(name, 'backfill-2026-01-01-to-2026-03-31-20261123T123456Z');
  assert.ok(name.length <= 80);
  assert.match(name, /^[A-Za-z0-9_-]+$/);
});
