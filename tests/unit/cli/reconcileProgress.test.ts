import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import { createReconcileProgress, formatProgressFields, formatProgressText } from '../../../src/cli/reconcileProgress.ts';
import type { ReconcileProgress } from '../../../src/reconcile/ProgressTracker.ts';
import { emptySummary } from '../../../src/reconcile/ReconcileReport.ts';

function snapshot(overrides: Partial<ReconcileProgress> = {}): ReconcileProgress {
  return {
    phase: 'resync',
    done: 120,
    total: 500,
    totalSource: 'query-total',
    summary: { ...emptySummary(), 'resynced-confirmed': 80, excluded: 10 },
    patchesSent: 90,
    patchRate: 9.84,
    decideRate: 12,
    etaSeconds: 32,
    awaitingLanding: 12,
    oldestAwaitingMs: 6_200,
    verifyTimeoutMs: 180_000,
    elapsedMs: 10_000,
    ...overrides,
  };
}

function io(isTTY: boolean): { io: CliIo; err: () => string } {
  let err = '';
  return {
    io: {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s), isTTY, columns: 300 },
      env: {},
      cwd: '/',
      now: () => new Date('2026-11-23T12:00:00Z'),
    },
    err: () => err,
  };
}

test('the TTY line names phase, done of total, rate, ETA, counts and what verification waits for', () => {
  assert.equal(
    formatProgressText('reconcile', snapshot()),
    'reconcile resync 120/500 24% | 9.8 PATCH/s | ETA 32s | confirmed 80, excluded 10, failed 0 | awaiting landing 12 PATCHes (oldest 6s, gives up at 3m00s)',
  );
  assert.equal(
    formatProgressText('reconcile', snapshot({ phase: 'verify', done: 488, etaSeconds: undefined, oldestAwaitingMs: 95_000 })),
    'reconcile verify 488/500 97% | 9.8 PATCH/s | confirmed 80, excluded 10, failed 0 | waiting for 12 PATCHes to land (oldest 1m35s, gives up at 3m00s)',
  );
  assert.match(formatProgressText('reconcile', snapshot({ phase: 'query', done: 0 })), /^reconcile query: reading the first page/);
});

test('the non-TTY line carries the same facts as key=value pairs', () => {
  assert.equal(
    formatProgressFields('reconcile', snapshot()),
    'reconcile phase=resync done=120 total=500 patches=90 patch_rate=9.8/s eta=32s confirmed=80 excluded=10 failed=0 awaiting=12 oldest=6s verify_timeout=3m00s elapsed=10s',
  );
  assert.doesNotMatch(formatProgressFields('reconcile', snapshot({ total: undefined, etaSeconds: undefined })), /total=|eta=/);
});

test('without a TTY: a line every interval and at each new phase, then a final line (injected clock)', () => {
  // Prepare
  let now = 0;
  const out = io(false);
  const progress = createReconcileProgress(out.io, { label: 'reconcile', lineIntervalMs: 5_000, clock: () => now });

  // Act: a snapshot every 100 ms for 12 s, the phase turning to verify at 11 s
  for (now = 0; now <= 12_000; now += 100) progress.update(snapshot({ phase: now >= 11_000 ? 'verify' : 'resync', done: now / 100 }));
  progress.stop();

  // Assess
  const lines = out.err().trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => /phase=(\w+) done=(\d+)/.exec(l)?.slice(1).join(' ')),
    ['resync 0', 'resync 50', 'resync 100', 'verify 110', 'verify 120'],
  );
  assert.ok(lines.every((l) => l.startsWith('2026-11-23T12:00:00.000Z reconcile ')));
  assert.match(lines.at(-1) ?? '', / final$/);
  assert.ok(!out.err().includes('\r'));
});

test('on a TTY: one line redrawn in place at most 4 times a second, ended by a newline', () => {
  let now = 0;
  const out = io(true);
  const progress = createReconcileProgress(out.io, { label: 'reconcile', clock: () => now });
  for (now = 0; now < 1_000; now += 10) progress.update(snapshot({ done: now }));
  progress.stop();
  const text = out.err();
  assert.equal(text.split('\r').length - 1, 5, 'redraws at 0, 250, 500, 750 ms and the final line');
  assert.ok(text.endsWith('\n'));
  assert.equal(text.split('\n').length, 2, 'one line in all');
});

test('quiet prints nothing', () => {
  const out = io(false);
  const progress = createReconcileProgress(out.io, { label: 'reconcile', quiet: true });
  progress.update(snapshot());
  progress.stop();
  assert.equal(out.err(), '');
});
