import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateContactCenterDay } from '@ctr-resync/org-simulator/offline';
import type { LocalS3Server } from '../../helpers/startLocalS3Server.ts';
import { predicateToSoql } from '../../../src/reconcile/candidatePredicate.ts';
import { reportSucceeded } from '../../../src/reconcile/ReconcileReport.ts';
import { scvExclusion } from '../../../src/transform/scvExclusion.ts';
import { s3Archive, startTestS3 } from '../../helpers/archives.ts';
import { archiveAll, type OrgHarness, startOrgHarness, WINDOW } from '../../helpers/orgHarness.ts';

let s3: LocalS3Server & { removeData(): void };
let org: OrgHarness;
before(async () => {
  s3 = await startTestS3();
  org = await startOrgHarness();
});
after(async () => {
  await org.close();
  await s3.stop();
  s3.removeData();
});

async function missingNow(): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of org.reader.candidates({ ...WINDOW, predicateSoql: predicateToSoql() })) keys.push(row.VendorCallKey ?? '');
  return keys;
}

describe('reconcile against the org simulator and a local S3 archive (over HTTP)', () => {
  test('an org seeded with 10% lost syncs is reconciled to 100% confirmed; a second run patches nothing', async () => {
    // Prepare: a day of traffic; SCV's simulated sync loses 10%; some CTRs never reached the archive.
    const day = generateContactCenterDay({ day: '2026-11-20', records: 600, seed: 7, neverArchived: 5 });
    const seeded = await org.sim.seedFromCtrs(day.ctrs, { lostSyncFraction: 0.1, seed: 3 });
    assert.ok(seeded.lost > 20, `lost ${seeded.lost} syncs`);
    const archive = s3Archive(s3);
    await archiveAll(
      archive,
      day.ctrs.filter((c) => !day.neverArchived.has(c.ContactId as string)),
    );
    const byContact = new Map(day.ctrs.map((c) => [c.ContactId as string, c]));
    const before = await missingNow();
    const fixable = before.filter((k) => !day.neverArchived.has(k) && !scvExclusion(byContact.get(k)!));

    // Act
    const first = await org.reconcile(archive);

    // Assess
    assert.equal(first.summary.failed, 0, JSON.stringify(first.records.filter((r) => r.outcome === 'failed').slice(0, 3)));
    assert.equal(first.summary['resynced-unconfirmed'], 0);
    assert.equal(first.summary['resynced-confirmed'], fixable.length);
    assert.equal(first.summary.patchesSent, fixable.length, 'one PATCH per fixed call');
    assert.equal(first.summary['no-archived-ctr'], before.filter((k) => day.neverArchived.has(k)).length);
    assert.ok(first.summary.excluded > 0);
    assert.ok(reportSucceeded(first));
    const stillMissing = await missingNow();
    assert.deepEqual(
      stillMissing.filter((k) => fixable.includes(k)),
      [],
      'every fixable call now has CTR data',
    );
    assert.equal(first.records.length, before.length, 'one report entry per candidate');

    const patchesBefore = org.sim.telephonyLog().length;
    const second = await org.reconcile(archive);
    assert.equal(second.summary.patchesSent, 0);
    assert.equal(second.summary['resynced-confirmed'], 0);
    assert.equal(org.sim.telephonyLog().length, patchesBefore, 'no PATCH at all in the second run');
    assert.equal(second.summary.candidates, first.summary.excluded + first.summary['no-archived-ctr'], 'fixed calls are not selected again');
  });
});
