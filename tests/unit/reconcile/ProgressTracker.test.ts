import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressTracker, RATE_WINDOW_MS, RecentRate } from '../../../src/reconcile/ProgressTracker.ts';
import { emptySummary } from '../../../src/reconcile/ReconcileReport.ts';

test('RecentRate counts only the last window: 10 events a second, then silence, falls to zero', () => {
  const rate = new RecentRate(0);
  for (let t = 100; t <= 20_000; t += 100) rate.add(t);
  assert.equal(rate.perSecond(20_000), 10);
  assert.equal(rate.perSecond(20_000 + RATE_WINDOW_MS), 0);
  const early = new RecentRate(0);
  early.add(500);
  assert.equal(early.perSecond(1_000), 1, 'before a whole window has passed, the rate is over the time since the start');
});

test('ETA is remaining ÷ rate while resyncing with a known total; a counted total replaces the query total', () => {
  let now = 0;
  const awaiting = { size: 0, oldestSince: undefined as number | undefined };
  const tracker = new ProgressTracker(() => now, awaiting, 60_000, emptySummary());
  assert.equal(tracker.snapshot().phase, 'query');
  tracker.page(100);
  for (let i = 0; i < 20; i += 1) {
    now += 500;
    tracker.rowRead();
    tracker.decided();
  }
  const mid = tracker.snapshot();
  assert.equal(mid.phase, 'resync');
  assert.equal(mid.total, 100);
  assert.equal(mid.totalSource, 'query-total');
  assert.equal(mid.decideRate, 2);
  assert.equal(mid.etaSeconds, 40, '80 left at 2 a second');
  tracker.candidatesEnded();
  assert.equal(tracker.snapshot().total, 20);
  assert.equal(tracker.snapshot().totalSource, 'counted');
  awaiting.size = 4;
  awaiting.oldestSince = now - 7_000;
  tracker.writesDone();
  const verify = tracker.snapshot();
  assert.equal(verify.phase, 'verify');
  assert.equal(verify.etaSeconds, undefined);
  assert.equal(verify.awaitingLanding, 4);
  assert.equal(verify.oldestAwaitingMs, 7_000);
});
