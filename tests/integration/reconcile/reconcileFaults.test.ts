import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateContactCenterDay } from '@ctr-resync/org-simulator/offline';
import { reportSucceeded } from '../../../src/reconcile/ReconcileReport.ts';
import { fsArchive } from '../../helpers/archives.ts';
import { archiveAll, type OrgHarness, startOrgHarness } from '../../helpers/orgHarness.ts';

let org: OrgHarness;
let remove: () => void;
before(async () => {
  org = await startOrgHarness({ seed: 11, retryAfterSeconds: 1 });
});
after(async () => {
  await org.close();
  remove?.();
});

describe('reconcile under faults (org simulator over HTTP)', () => {
  test('survives 429 storms, 503 with Retry-After, token expiry and dropped connections, and never applies a version twice', async () => {
    // Prepare
    const day = generateContactCenterDay({ day: '2026-11-20', records: 400, seed: 5, neverArchived: 0 });
    await org.sim.seedFromCtrs(day.ctrs, { lostSyncFraction: 0.15, seed: 9 });
    const made = fsArchive();
    remove = made.remove;
    await archiveAll(made.archive, day.ctrs);
    org.sim.setConfig({
      tokenTtlSeconds: 1,
      errorRates: {
        telephony: { '429': 0.25, '503': 0.05, drop: 0.05 },
        rest: { '503': 0.1, drop: 0.05 },
      },
    });

    // Act
    const first = await org.reconcile(made.archive, { verifyTimeoutMs: 3_000 });
    const log = org.sim.telephonyLog();

    // Assess: faults really happened, and each was survived.
    const counters = org.sim.counters();
    const statuses = log.map((e) => e.outcome);
    assert.ok(
      log.some((e) => e.status === 429),
      'saw 429s',
    );
    assert.ok(
      log.some((e) => e.status === 503),
      'saw 503s',
    );
    assert.ok(counters.endpoints['POST /services/oauth2/token']!.requests > 1, 'the token expired and was refreshed');
    assert.equal(first.summary.failed, 0, JSON.stringify(first.records.filter((r) => r.outcome === 'failed').slice(0, 2)));
    const dropped = log.filter((e) => e.outcome === 'dropped').length;
    // A dropped PATCH may or may not have been applied: it is verified, never resent on its own.
    assert.equal(first.summary['resynced-unconfirmed'], dropped, `outcomes: ${[...new Set(statuses)].join(',')}`);

    // The operator's explicit retry finishes the job.
    org.sim.setConfig({ errorRates: {} });
    const retry = await org.reconcile(made.archive, { retryUnconfirmed: true });
    assert.ok(reportSucceeded(retry), JSON.stringify(retry.summary));
    const applied = new Map<string, number>();
    for (const e of org.sim.telephonyLog()) if (e.appliedAt) applied.set(e.id, (applied.get(e.id) ?? 0) + 1);
    assert.ok(
      [...applied.values()].every((n) => n === 1),
      'no VoiceCall got the same version applied twice',
    );
    assert.equal(applied.size, first.summary['resynced-confirmed'] + first.summary['resynced-unconfirmed']);
  });
});
