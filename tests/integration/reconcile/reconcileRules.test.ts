import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { EmptyArchiveError } from '../../../src/errors.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { fsArchive } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, type OrgHarness, startOrgHarness } from '../../helpers/orgHarness.ts';

let org: OrgHarness;
const cleanups: (() => void)[] = [];
before(async () => {
  org = await startOrgHarness();
});
after(async () => {
  await org.close();
  for (const c of cleanups) c();
});

function freshArchive() {
  const { archive, remove } = fsArchive();
  cleanups.push(remove);
  return archive;
}

/** Seeds contacts whose CTR sync was lost (the VoiceCall exists, without CTR data). */
async function lost(...ctrs: ContactTraceRecord[]): Promise<void> {
  await org.sim.seedFromCtrs(ctrs, { lostSyncFraction: 1 });
}

function patchesFor(contactId: string) {
  const ids = new Set(org.sim.findVoiceCalls(contactId).map((r) => r.Id as string));
  return org.sim.telephonyLog().filter((e) => ids.has(e.id));
}

describe('reconcile rules (org simulator over HTTP)', () => {
  test('excluded contacts (NoSync, voicemail, QUEUE_TRANSFER) are reported with their rule and never patched', async () => {
    const archive = freshArchive();
    const excluded = [
      ctrFactory({ Attributes: { NoSync: 'true' } }),
      ctrFactory({ Attributes: { vm_flag: '1' }, Recordings: [{ Location: 'b/vm.wav' }] }),
      ctrFactory({ InitiationMethod: 'QUEUE_TRANSFER' }),
    ];
    await lost(...excluded);
    await archiveAll(archive, excluded);
    const report = await org.reconcile(archive);
    for (const [ctr, rule] of excluded.map((c, i) => [c, ['no-sync', 'voicemail', 'initiation-method'][i]] as const)) {
      const record = report.records.find((r) => r.vendorCallKey === ctr.ContactId);
      assert.equal(record?.outcome, 'excluded');
      assert.equal(record?.rule, rule);
      assert.equal(patchesFor(ctr.ContactId as string).length, 0);
    }
  });

  test('a candidate with no archived CTR is reported, never guessed', async () => {
    const archive = freshArchive();
    const orphan = ctrFactory();
    await lost(orphan);
    await archiveAll(archive, [ctrFactory()]); // another contact: an archive with no CTR at all is an error
    const report = await org.reconcile(archive);
    assert.equal(report.records.find((r) => r.vendorCallKey === orphan.ContactId)?.outcome, 'no-archived-ctr');
    assert.equal(patchesFor(orphan.ContactId as string).length, 0);
  });

  test('an archive location that holds no CTR is an error, not an empty success', async () => {
    await assert.rejects(
      org.reconcile(freshArchive()),
      (error: Error) => error instanceof EmptyArchiveError && /holds no CTR archive/.test(error.message),
    );
  });

  test('the newest CTR version wins, whatever order the versions arrived in', async () => {
    const archive = freshArchive();
    const v1 = ctrFactory({ LastUpdateTimestamp: '2026-11-20T10:06:00Z' });
    const v2 = { ...v1, Agent: { ...v1.Agent, CustomerHoldDuration: 77, NumberOfHolds: 4 }, LastUpdateTimestamp: '2026-11-20T11:00:00Z' };
    await lost(v1);
    await archiveAll(archive, [v2, v1]);
    const report = await org.reconcile(archive);
    assert.equal(report.records.find((r) => r.vendorCallKey === v1.ContactId)?.outcome, 'resynced-confirmed');
    const [patch] = patchesFor(v1.ContactId as string);
    assert.deepEqual(
      patch?.body,
      JSON.parse(JSON.stringify({ ...transformCtr(v2).fields, callCenterApiName: org.sim.credentials.contactCenter.callCenterApiName })),
    );
    assert.equal(org.sim.findVoiceCalls(v1.ContactId as string)[0]?.CustomerHoldDuration, 77);
  });

  test('diff mode fixes a sync that went stale after a redelivery; missing mode does not see it', async () => {
    const archive = freshArchive();
    const v1 = ctrFactory();
    await org.sim.seedFromCtrs([v1], { lostSyncFraction: 0 });
    const v2 = { ...v1, Queue: { ...v1.Queue, Name: 'Escalations' }, LastUpdateTimestamp: '2026-11-21T09:00:00Z' };
    await archiveAll(archive, [v1, v2]);
    const missing = await org.reconcile(archive);
    assert.equal(
      missing.records.some((r) => r.vendorCallKey === v1.ContactId),
      false,
    );
    const diff = await org.reconcile(archive, { mode: 'diff' });
    const record = diff.records.find((r) => r.vendorCallKey === v1.ContactId);
    assert.equal(record?.outcome, 'resynced-confirmed');
    assert.equal(org.sim.findVoiceCalls(v1.ContactId as string)[0]?.QueueName, 'Escalations');
    const again = await org.reconcile(archive, { mode: 'diff' });
    assert.equal(again.records.find((r) => r.vendorCallKey === v1.ContactId)?.outcome, 'already-resynced');
    assert.equal(again.summary.patchesSent, 0);
  });

  test('a VendorCallKey holding a quote and SOQL keywords is handled safely', async () => {
    const archive = freshArchive();
    const hostile = "x' OR Id != null) OR (Name = 'y";
    const [id] = org.sim.insertVoiceCalls([{ VendorCallKey: hostile, CallStartDateTime: '2026-11-20T10:00:00Z' }]);
    await archiveAll(archive, [ctrFactory()]);
    const report = await org.reconcile(archive);
    const record = report.records.find((r) => r.voiceCallId === id);
    assert.equal(record?.outcome, 'no-archived-ctr');
    assert.match(record?.detail ?? '', /not a valid ContactId/);
    assert.equal(report.summary.failed, 0);
  });

  test('--dry-run writes nothing and lists each field it would set with its current value', async () => {
    const archive = freshArchive();
    const ctr = ctrFactory();
    await lost(ctr);
    await archiveAll(archive, [ctr]);
    const before = org.sim.telephonyLog().length;
    const report = await org.reconcile(archive, { dryRun: true });
    const record = report.records.find((r) => r.vendorCallKey === ctr.ContactId);
    assert.equal(record?.outcome, 'would-resync');
    assert.ok(record?.changes?.some((c) => c.field === 'CustomerHoldDuration' && c.current === null && c.expected === 30));
    assert.equal(org.sim.telephonyLog().length, before);
    const real = await org.reconcile(archive);
    assert.equal(
      real.records.find((r) => r.vendorCallKey === ctr.ContactId)?.outcome,
      'resynced-confirmed',
      'the dry run left no ledger entry behind',
    );
  });

  test('two runs over the same window at once (a schedule and a backfill) send each version once', async () => {
    const archive = freshArchive();
    const ctrs = Array.from({ length: 30 }, () => ctrFactory());
    await lost(...ctrs);
    await archiveAll(archive, ctrs);
    const [a, b] = await Promise.all([org.reconcile(archive), org.reconcile(archive)]);
    for (const ctr of ctrs) assert.equal(patchesFor(ctr.ContactId as string).length, 1, 'one PATCH per VoiceCall');
    assert.equal(a.summary.patchesSent + b.summary.patchesSent, ctrs.length);
    assert.equal(a.summary.failed + b.summary.failed, 0);
  });
});
