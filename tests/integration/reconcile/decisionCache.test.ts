/**
 * Decisions remembered across reconcile runs (src/reconcile/DecisionManifests.ts), against the local
 * S3 server (AWS SDK over HTTP) and the org simulator: a second run pays one LIST per unchanged
 * candidate plus one manifest GET per day, and a new CTR version or a changed VoiceCall is decided
 * afresh.
 */
import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { S3ArchiveStore } from '../../../src/archive/S3ArchiveStore.ts';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import type { ReconcileReport } from '../../../src/reconcile/ReconcileReport.ts';
import { type ArchiveOpCounts, CountingArchiveStore } from '../../../bench/CountingArchiveStore.ts';
import { useTestS3 } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, type OrgHarness, startOrgHarness } from '../../helpers/orgHarness.ts';

const s3 = useTestS3();
const harnesses: OrgHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});
after(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

let prefixes = 0;

/** A fresh archive on the local S3 server whose requests are counted. */
function countedArchive(): { archive: CtrArchive; counts: ArchiveOpCounts } {
  prefixes += 1;
  const server = s3();
  const store = new CountingArchiveStore(
    new S3ArchiveStore({
      bucket: server.bucket,
      prefix: `decisions-${process.pid}-${prefixes}/`,
      clientConfig: { ...server.clientConfig, maxAttempts: 3 },
    }),
  );
  return { archive: new CtrArchive(store), counts: store.counts };
}

async function freshOrg(): Promise<OrgHarness> {
  const org = await startOrgHarness();
  harnesses.push(org);
  return org;
}

/** Requests made while `act` ran, by kind. */
async function requestsDuring<T>(counts: ArchiveOpCounts, act: () => Promise<T>): Promise<{ result: T; requests: ArchiveOpCounts }> {
  const before = { ...counts };
  const result = await act();
  return {
    result,
    requests: { get: counts.get - before.get, list: counts.list - before.list, put: counts.put - before.put, exists: counts.exists - before.exists },
  };
}

function outcomeOf(report: ReconcileReport, ctr: ContactTraceRecord): string | undefined {
  return report.records.find((r) => r.vendorCallKey === ctr.ContactId)?.outcome;
}

function patchCount(org: OrgHarness, ctr: ContactTraceRecord): number {
  const ids = new Set(org.sim.findVoiceCalls(ctr.ContactId as string).map((r) => r.Id as string));
  return org.sim.telephonyLog().filter((e) => ids.has(e.id)).length;
}

test('a second run reads one LIST per unchanged candidate, one manifest GET per day, and writes nothing', async () => {
  // Prepare: an excluded call, a call with no archived CTR and a fixable one, all on 2026-11-20
  const org = await freshOrg();
  const { archive, counts } = countedArchive();
  const excluded = ctrFactory({ Attributes: { NoSync: 'true' } });
  const voicemail = ctrFactory({ Attributes: { vm_flag: '1' }, Recordings: [{ Location: 'b/vm.wav' }] });
  const orphan = ctrFactory();
  const fixable = ctrFactory();
  await org.sim.seedFromCtrs([excluded, voicemail, orphan, fixable], { lostSyncFraction: 1 });
  await archiveAll(archive, [excluded, voicemail, fixable]);

  // Act
  const first = await requestsDuring(counts, () => org.reconcile(archive));
  const second = await requestsDuring(counts, () => org.reconcile(archive));

  // Assess: same outcomes; run 1 pays LIST + GET + ledger GET per CTR-backed candidate, run 2 one LIST each
  assert.equal(outcomeOf(first.result, excluded), 'excluded');
  assert.equal(outcomeOf(first.result, voicemail), 'excluded');
  assert.equal(outcomeOf(first.result, orphan), 'no-archived-ctr');
  assert.equal(outcomeOf(first.result, fixable), 'resynced-confirmed');
  assert.equal(second.result.summary.candidates, 3, 'the fixed call is no longer a candidate in missing mode');
  assert.equal(outcomeOf(second.result, excluded), 'excluded');
  assert.equal(second.result.records.find((r) => r.vendorCallKey === excluded.ContactId)?.rule, 'no-sync');
  assert.equal(outcomeOf(second.result, voicemail), 'excluded');
  assert.equal(outcomeOf(second.result, orphan), 'no-archived-ctr');
  assert.equal(first.requests.put, 1 + 3, 'one manifest PUT for the day plus the fixable call ledger writes (sending, sent, confirmed)');
  // holdsVersions() is one LIST per run; the manifest one GET (a 404 in run 1); one LIST per
  // candidate, and one more of the data-lake prefix for the orphan (nothing captured: a rebuilt
  // version imported since would be the one to use)
  assert.deepEqual(second.requests, { get: 1, list: 1 + 3 + 1, put: 0, exists: 0 });
  assert.equal(patchCount(org, excluded) + patchCount(org, voicemail) + patchCount(org, orphan), 0);
  assert.equal(patchCount(org, fixable), 1);
});

test('a CTR archived after a "no archived CTR" decision is picked up by the next run', async () => {
  // Prepare
  const org = await freshOrg();
  const { archive } = countedArchive();
  const late = ctrFactory();
  await org.sim.seedFromCtrs([late], { lostSyncFraction: 1 });
  await archiveAll(archive, [ctrFactory({ ContactId: 'c0ffee00-0000-4000-8000-00000000aaaa' })]);
  const first = await org.reconcile(archive);
  assert.equal(outcomeOf(first, late), 'no-archived-ctr');

  // Act: the capture arrives, then a run
  await archiveAll(archive, [late]);
  const second = await org.reconcile(archive);

  // Assess
  assert.equal(outcomeOf(second, late), 'resynced-confirmed');
  assert.equal(patchCount(org, late), 1);
});

test('a CTR rebuilt from the data lake after a "no archived CTR" decision is picked up by the next run', async () => {
  // Prepare
  const org = await freshOrg();
  const { archive } = countedArchive();
  const lost = ctrFactory();
  await org.sim.seedFromCtrs([lost], { lostSyncFraction: 1 });
  await archiveAll(archive, [ctrFactory({ ContactId: 'c0ffee00-0000-4000-8000-00000000bbbb' })]);
  const first = await org.reconcile(archive);
  assert.equal(outcomeOf(first, lost), 'no-archived-ctr');

  // Act: archive import-data-lake stores a rebuilt version (never captured), then a run
  await archive.putRebuilt({ contactId: lost.ContactId as string, ctr: lost, missing: [], approximated: [], rebuiltAt: new Date().toISOString() });
  const second = await org.reconcile(archive);

  // Assess
  assert.equal(outcomeOf(second, lost), 'resynced-confirmed');
  assert.equal(second.records.find((r) => r.vendorCallKey === lost.ContactId)?.ctrSource, 'data-lake');
  assert.equal(patchCount(org, lost), 1);
});

test('a new CTR version after an "excluded" decision is decided afresh, and sent once', async () => {
  // Prepare: version 1 carries NoSync; version 2 (later LastUpdateTimestamp) does not
  const org = await freshOrg();
  const { archive } = countedArchive();
  const v1 = ctrFactory({ Attributes: { NoSync: 'true' } });
  const v2 = { ...v1, Attributes: { 'sfdc-Reason__c': 'billing' }, LastUpdateTimestamp: '2026-11-20T11:00:00Z' };
  await org.sim.seedFromCtrs([v1], { lostSyncFraction: 1 });
  await archiveAll(archive, [v1]);
  assert.equal(outcomeOf(await org.reconcile(archive), v1), 'excluded');
  assert.equal(outcomeOf(await org.reconcile(archive), v1), 'excluded');

  // Act
  await archiveAll(archive, [v2]);
  const third = await org.reconcile(archive);
  const fourth = await org.reconcile(archive);

  // Assess
  assert.equal(outcomeOf(third, v1), 'resynced-confirmed');
  assert.equal(outcomeOf(fourth, v1), undefined, 'filled: no longer a candidate');
  assert.equal(patchCount(org, v1), 1);
});

test('diff mode: an in-sync call is reused until the VoiceCall changes, then resynced once and reused as already resynced', async () => {
  // Prepare: a call whose sync worked
  const org = await freshOrg();
  const { archive, counts } = countedArchive();
  const synced = ctrFactory();
  await org.sim.seedFromCtrs([synced], { lostSyncFraction: 0 });
  await archiveAll(archive, [synced]);
  assert.equal(outcomeOf(await org.reconcile(archive, { mode: 'diff' }), synced), 'in-sync');
  const again = await requestsDuring(counts, () => org.reconcile(archive, { mode: 'diff' }));
  assert.equal(outcomeOf(again.result, synced), 'in-sync');
  assert.deepEqual(again.requests, { get: 1, list: 2, put: 0, exists: 0 });

  // Act: the VoiceCall changes (another queue name lands), then a run
  const [call] = org.sim.findVoiceCalls(synced.ContactId as string);
  await org.writer.updateVoiceCall(call?.Id as string, { queue: 'Another-Queue' });
  await org.sim.settled();
  const changed = await org.reconcile(archive, { mode: 'diff' });

  // Assess: decided afresh and put back
  assert.equal(outcomeOf(changed, synced), 'resynced-confirmed');
  assert.equal(org.sim.findVoiceCalls(synced.ContactId as string)[0]?.QueueName, 'Support-Queue');
  // the confirmed ledger entry is final while the VoiceCall holds the values: reused from then on
  assert.equal(outcomeOf(await org.reconcile(archive, { mode: 'diff' }), synced), 'already-resynced');
  const settled = await requestsDuring(counts, () => org.reconcile(archive, { mode: 'diff' }));
  assert.equal(outcomeOf(settled.result, synced), 'already-resynced');
  assert.deepEqual(settled.requests, { get: 1, list: 2, put: 0, exists: 0 });
  assert.equal(patchCount(org, synced), 2, 'the test PATCH and one resync');
});

test('a dry run reuses decisions but writes no manifest; decisionCache: false reads none', async () => {
  const org = await freshOrg();
  const { archive, counts } = countedArchive();
  const excluded = ctrFactory({ Attributes: { NoSync: 'true' } });
  await org.sim.seedFromCtrs([excluded], { lostSyncFraction: 1 });
  await archiveAll(archive, [excluded]);

  const dry = await requestsDuring(counts, () => org.reconcile(archive, { dryRun: true }));
  assert.equal(outcomeOf(dry.result, excluded), 'excluded');
  assert.equal(dry.requests.put, 0);

  const off = await requestsDuring(counts, () => org.reconcile(archive, { decisionCache: false }));
  assert.equal(outcomeOf(off.result, excluded), 'excluded');
  assert.deepEqual(off.requests, { get: 2, list: 2, put: 0, exists: 0 }, 'CTR GET + ledger GET (404), holdsVersions + versions LIST');
});
