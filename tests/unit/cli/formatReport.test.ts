import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport } from '../../../src/cli/formatReport.ts';
import { emptySummary, type ReconcileReport } from '../../../src/reconcile/ReconcileReport.ts';

function report(summary: Partial<ReconcileReport['summary']>): ReconcileReport {
  return {
    runId: 'run-1',
    mode: 'missing',
    dryRun: false,
    window: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
    startedAt: '2026-11-21T00:00:00.000Z',
    finishedAt: '2026-11-21T00:01:00.000Z',
    summary: { ...emptySummary(), candidates: 3, patchesSent: 3, ...summary },
    records: [],
  };
}

test('the summary says how many resyncs came from the data lake and how many were partial', () => {
  const text = formatReport(report({ 'resynced-confirmed': 3, resyncedFromDataLake: 2, partialSyncs: 1 }));
  assert.match(text, /from the data lake\s+2\s+\(no captured CTR; 1 partial: fields the data lake lacks left out\)/);
});

test('a run with only captured CTRs prints no data-lake line', () => {
  assert.doesNotMatch(formatReport(report({ 'resynced-confirmed': 3, resyncedFromDataLake: 0, partialSyncs: 0 })), /data lake/);
});
