import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningOrgSimulator, SimulatorCredentials } from '@ctr-resync/org-simulator';
import { inboundCtr } from './ctrFixtures.ts';
import { accessToken, admin, soql, startSimulator } from './simulatorTestClient.ts';

describe('simulator seeding from CTRs and admin API', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;

  before(async () => {
    ({ sim, creds } = await startSimulator({ config: { customFields: { CtrSyncedBy__c: 'string' } } }));
  });
  after(() => sim.close());

  it('creates the call-start VoiceCall, then applies versions in LastUpdateTimestamp order', async () => {
    // Prepare: two versions of one contact, the later one delivered first and carrying different holds.
    const later = inboundCtr('seed-1', {
      LastUpdateTimestamp: '2022-01-11T04:09:47Z',
      Agent: { ConnectedToAgentTimestamp: '2022-01-05T17:20:32Z', CustomerHoldDuration: 30, NumberOfHolds: 1 },
    });
    const earlier = inboundCtr('seed-1');
    // Act
    const result = await admin(sim, '/seed', { ctrs: [later, earlier], lostSyncFraction: 0, seed: 1 });
    // Assess
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, {
      ctrs: 2,
      contacts: 1,
      created: 1,
      existing: 0,
      synced: 2,
      lost: 0,
      excluded: { total: 0, byRule: {} },
      rejected: 0,
    });
    const [record] = (await admin(sim, '/voicecalls?vendorCallKey=seed-1')).body;
    assert.deepEqual([record.CustomerHoldDuration, record.NumberOfHolds, record.LongestHoldDuration], [30, 1, 204]);
    assert.deepEqual([record.CallType, record.FromPhoneNumber, record.ToPhoneNumber], ['Inbound', '+15555550100', '+18005550100']);
    assert.equal(record.CreatedDate, '2022-01-05T17:12:59.000+0000');
    assert.equal(record.LastModifiedDate, '2022-01-11T04:09:47.000+0000');
    assert.equal(record.CtrSyncedBy__c, 'ctr-sync');
  });

  it('seeds a recording for Recording.Location, a transfer link for PreviousContactId, and closes synced calls', async () => {
    const parent = inboundCtr('seed-parent');
    const child = inboundCtr('seed-child', {
      PreviousContactId: 'seed-parent',
      Recording: { Location: 'bucket/connect/recordings/seed-child.wav', Status: 'AVAILABLE', Type: 'AUDIO' },
    } as never);
    const result = await admin(sim, '/seed', { ctrs: [parent, child], lostSyncFraction: 0, seed: 1 });
    assert.deepEqual([result.body.synced, result.body.rejected], [2, 0]);
    const [p] = sim.findVoiceCalls('seed-parent');
    const [c] = sim.findVoiceCalls('seed-child');
    assert.deepEqual([c?.PreviousCallId, c?.CallSubType, c?.CallDisposition, p?.CallRecordingId], [p?.Id, 'PSTN', 'completed', null]);
    const recording = (await admin(sim, `/voicecallrecordings/${c?.CallRecordingId}`)).body;
    // DurationInSeconds = AgentInteractionDuration 239 + CustomerHoldDuration 221.
    assert.deepEqual(
      [recording.VoiceCallId, recording.RecordingLocation, recording.DurationInSeconds],
      [c?.Id, 'bucket/connect/recordings/seed-child.wav', 460],
    );
  });

  it('counts as rejected a sync that would create a VoiceCall without a start time (no call-start record)', async () => {
    const ctr = inboundCtr('seed-nostart', { InitiationTimestamp: undefined } as never);
    const result = await admin(sim, '/seed', { ctrs: [ctr], lostSyncFraction: 0, seed: 1 });
    assert.deepEqual([result.body.created, result.body.synced, result.body.rejected], [0, 0, 1]);
    assert.deepEqual(sim.findVoiceCalls('seed-nostart'), []);
  });

  it('applies SCV exclusions: NoSync and QUEUE_TRANSFER calls stay as created, chat contacts get no VoiceCall', async () => {
    const summary = await sim.seedFromCtrs([
      inboundCtr('seed-nosync', { Attributes: { NoSync: 'true' } }),
      inboundCtr('seed-qt', { InitiationMethod: 'QUEUE_TRANSFER' }),
      inboundCtr('seed-chat', { Channel: 'CHAT' }),
      inboundCtr('seed-1'),
    ]);
    assert.deepEqual(summary.excluded, { total: 3, byRule: { 'no-sync': 1, 'initiation-method': 1, channel: 1 } });
    assert.deepEqual([summary.created, summary.existing, summary.synced], [2, 1, 1]);
    assert.equal(sim.findVoiceCalls('seed-nosync')[0]?.CustomerHoldDuration, null);
    assert.equal(sim.findVoiceCalls('seed-qt')[0]?.CallType, 'Transfer');
    assert.deepEqual(sim.findVoiceCalls('seed-chat'), []);
  });

  it('loses a seeded fraction of syncs, the same ones for the same seed', async () => {
    const ctrs = Array.from({ length: 400 }, (_, i) => inboundCtr(`lossy-${i}`));
    const summary = await sim.seedFromCtrs(ctrs, { lostSyncFraction: 0.25, seed: 42 });
    assert.equal(summary.lost + summary.synced, 400);
    assert.ok(summary.lost > 60 && summary.lost < 140, `${summary.lost} lost of 400 at 25%`);
    const token = await accessToken(sim, creds);
    const unsynced = await soql(sim, token, "SELECT VendorCallKey FROM VoiceCall WHERE CustomerHoldDuration = null AND VendorCallKey LIKE 'lossy-%'");
    assert.equal(unsynced.body.totalSize, summary.lost);
    const { sim: twin } = await startSimulator();
    try {
      await twin.seedFromCtrs(ctrs, { lostSyncFraction: 0.25, seed: 42 });
      const lostHere = unsynced.body.records.map((r: { VendorCallKey: string }) => r.VendorCallKey).sort();
      const lostThere = ctrs
        .map((c) => c.ContactId as string)
        .filter((k) => twin.findVoiceCalls(k)[0]?.CustomerHoldDuration === null)
        .sort();
      assert.deepEqual(lostThere, lostHere);
    } finally {
      await twin.close();
    }
  });

  it('reports stats, the telephony log, and 404 / 400 for bad admin requests', async () => {
    const stats = (await admin(sim, '/stats')).body;
    assert.equal(stats.records, sim.stats().records);
    assert.ok(stats.records >= 403);
    assert.ok(stats.memory.rss > 0);
    assert.deepEqual((await admin(sim, '/telephony-log')).body, []);
    assert.equal((await admin(sim, '/voicecalls/0LQ000000000000AAA')).status, 404);
    assert.equal((await admin(sim, '/voicecalls')).status, 400);
    assert.equal((await admin(sim, '/seed', { ctrs: 'nope' })).status, 400);
    assert.equal((await admin(sim, '/config', { tokenTtlSeconds: -1 })).status, 400);
  });
});
