import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateSimulatorCredentials, type RunningOrgSimulator, type SimulatorCredentials } from '@ctr-resync/org-simulator';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { inboundCtr } from './ctrFixtures.ts';
import { admin, signJwt, startSimulator, telephonyClaims, telephonyPatch } from './simulatorTestClient.ts';

describe('simulator Telephony Integration API', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;

  before(async () => {
    ({ sim, creds } = await startSimulator({ config: { applyDelayMs: { fixed: 150, jitter: 50 }, customFields: { CtrSyncedBy__c: 'string' } } }));
  });
  after(() => sim.close());

  it('answers pending at once and applies the CTR fields after the delay', async () => {
    // Prepare: the VoiceCall SCV creates when the call starts.
    const [id] = sim.insertVoiceCalls([
      {
        VendorCallKey: 'contact-1',
        CallStartDateTime: '2022-01-05T17:12:59Z',
        CallType: 'Inbound',
        FromPhoneNumber: '+15555550100',
        ToPhoneNumber: '+18005550100',
      },
    ]);
    const patch = transformCtr(
      inboundCtr('contact-1', { CustomerEndpoint: { Address: '+15555550111' }, SystemEndpoint: { Address: '+18005550111' } }),
    );
    // Act
    const result = await telephonyPatch(sim, creds, 'contact-1', patch.fields);
    const right = sim.getVoiceCall(id as string);
    await sim.settled();
    const later = (await admin(sim, `/voicecalls/${id}`)).body;
    // Assess
    assert.deepEqual([result.status, result.body], [200, { status: 'pending' }]);
    assert.equal(right?.CustomerHoldDuration, null);
    assert.equal(right?.CallEndDateTime, null);
    assert.deepEqual(
      [
        later.CallEndDateTime,
        later.CallDurationInSeconds,
        later.CallAcceptDateTime,
        later.CallQueuedDateTime,
        later.CustomerHoldDuration,
        later.LongestHoldDuration,
        later.NumberOfHolds,
        later.QueueName,
        later.DisconnectReason,
        later.CtrSyncedBy__c,
      ],
      [
        '2022-01-05T17:47:28.000+0000',
        2069,
        '2022-01-05T17:20:32.000+0000',
        '2022-01-05T17:14:46.000+0000',
        221,
        204,
        2,
        'Support-Queue',
        'CUSTOMER_DISCONNECT',
        'ctr-sync',
      ],
    );
    assert.equal(later.FromPhoneNumber, '+15555550111', 'the customer number (From, inbound) is updated');
    assert.equal(later.ToPhoneNumber, '+18005550100', 'the contact-center number (To, inbound) stays as created');
    assert.equal(later.CallType, 'Inbound');
    const entry = sim.telephonyLog().find((e) => e.id === 'contact-1');
    assert.deepEqual([entry?.status, entry?.outcome, entry?.voiceCallId], [200, 'applied', id]);
  });

  it('creates a VoiceCall for an unknown vendor call key, with CallType from initiationMethod and 0 for unsent totals', async () => {
    const result = await telephonyPatch(sim, creds, 'contact-new', {
      startTime: '2024-03-01T10:00:00Z',
      endTime: '2024-03-01T10:01:40Z',
      initiationMethod: 'OUTBOUND',
      fromNumber: '+18005550100',
      toNumber: '+15555550100',
    });
    assert.equal(result.status, 200);
    await sim.settled();
    const [created] = (await admin(sim, '/voicecalls?vendorCallKey=contact-new')).body;
    assert.deepEqual(
      [
        created.CallType,
        created.CallStartDateTime,
        created.CallDurationInSeconds,
        created.CustomerHoldDuration,
        created.NumberOfHolds,
        created.LongestHoldDuration,
        created.FromPhoneNumber,
        created.ToPhoneNumber,
      ],
      ['Outbound', '2024-03-01T10:00:00.000+0000', 100, 0, 0, null, '+18005550100', '+15555550100'],
    );
    assert.equal(sim.telephonyLog().find((e) => e.id === 'contact-new')?.outcome, 'created');
  });

  it('refuses with 400 a PATCH that would create a VoiceCall without startTime, fromNumber, toNumber and initiationMethod', async () => {
    const result = await telephonyPatch(sim, creds, 'contact-bare', { totalHoldDuration: 3, endTime: '2024-03-01T10:01:40Z' });
    assert.deepEqual([result.status, result.body.errorCode], [400, 'REQUIRED_FIELD_MISSING']);
    assert.match(
      result.body.message,
      /Missing: startTime \(CallStartDateTime\), fromNumber \(FromPhoneNumber\), toNumber \(ToPhoneNumber\), initiationMethod \(CallType\)/,
    );
    const entry = sim.telephonyLog().at(-1);
    assert.deepEqual([entry?.id, entry?.status, entry?.outcome], ['contact-bare', 400, 'rejected']);
    await sim.settled();
    assert.deepEqual(sim.findVoiceCalls('contact-bare'), []);
  });

  it('accepts any subset for an existing VoiceCall, and for a key whose creating PATCH is still pending', async () => {
    sim.insertVoiceCalls([{ VendorCallKey: 'contact-subset', CallStartDateTime: '2024-03-01T09:00:00Z' }]);
    const subset = await telephonyPatch(sim, creds, 'contact-subset', { totalHoldDuration: 4 });
    const create = await telephonyPatch(sim, creds, 'contact-pending', {
      startTime: '2024-03-01T10:00:00Z',
      initiationMethod: 'INBOUND',
      fromNumber: '+15555550100',
      toNumber: '+18005550100',
    });
    const follow = await telephonyPatch(sim, creds, 'contact-pending', { totalHoldDuration: 5, numberOfHolds: 1 });
    assert.deepEqual([subset.status, create.status, follow.status], [200, 200, 200]);
    await sim.settled();
    assert.equal(sim.findVoiceCalls('contact-subset')[0]?.CustomerHoldDuration, 4);
    assert.equal(sim.findVoiceCalls('contact-pending').length, 1);
  });

  it('updates by VoiceCall Id; CallDurationInSeconds only when both times are sent; CallType never changes on update', async () => {
    const [id] = sim.insertVoiceCalls([
      { VendorCallKey: 'contact-2', CallStartDateTime: '2024-03-01T09:00:00Z', CallType: 'Inbound', CallDurationInSeconds: 7 },
    ]);
    await telephonyPatch(sim, creds, id as string, { endTime: '2024-03-01T09:10:00Z', initiationMethod: 'OUTBOUND', totalHoldDuration: 9 });
    await sim.settled();
    const record = sim.getVoiceCall(id as string);
    assert.deepEqual(
      [record?.CallEndDateTime, record?.CallDurationInSeconds, record?.CallType, record?.CustomerHoldDuration, record?.NumberOfHolds],
      ['2024-03-01T09:10:00.000+0000', 7, 'Inbound', 9, 0],
    );
  });

  it('closes the conversation (CallDisposition "completed") unless isActiveCall is true; holds sent with it stay as sent', async () => {
    const [active, closed] = sim.insertVoiceCalls([
      { VendorCallKey: 'contact-active', CallStartDateTime: '2024-03-01T09:00:00Z' },
      { VendorCallKey: 'contact-closed', CallStartDateTime: '2024-03-01T09:00:00Z' },
    ]);
    await telephonyPatch(sim, creds, 'contact-active', { isActiveCall: true, callOrigin: 'Voicemail' });
    await telephonyPatch(sim, creds, 'contact-closed', { isActiveCall: false, totalHoldDuration: 12, numberOfHolds: 2 });
    const bad = await telephonyPatch(sim, creds, 'contact-active', { isActiveCall: 'no' });
    await sim.settled();
    const a = sim.getVoiceCall(active as string);
    const c = sim.getVoiceCall(closed as string);
    assert.deepEqual([a?.CallDisposition, a?.CallOrigin], [null, 'Voicemail']);
    assert.deepEqual([c?.CallDisposition, c?.CustomerHoldDuration, c?.NumberOfHolds], ['completed', 12, 2]);
    assert.deepEqual([bad.status, bad.body.errorCode], [400, 'INVALID_INPUT']);
    // The voicemail packager's later empty update closes it.
    await telephonyPatch(sim, creds, 'contact-active', {});
    await sim.settled();
    assert.deepEqual(
      [sim.getVoiceCall(active as string)?.CallDisposition, sim.getVoiceCall(active as string)?.CustomerHoldDuration],
      ['completed', 0],
    );
  });

  it('refuses a callOrigin other than Preview, Progressive or Voicemail with 400', async () => {
    sim.insertVoiceCalls([{ VendorCallKey: 'contact-origin', CallStartDateTime: '2024-03-01T09:00:00Z' }]);
    const bad = await telephonyPatch(sim, creds, 'contact-origin', { callOrigin: 'Predictive' });
    const good = await telephonyPatch(sim, creds, 'contact-origin', { callOrigin: 'Progressive' });
    assert.deepEqual([bad.status, bad.body.errorCode, good.status], [400, 'INVALID_INPUT', 200]);
    assert.match(bad.body.message, /callOrigin must be one of Preview, Progressive, Voicemail/);
    await sim.settled();
    assert.equal(sim.findVoiceCalls('contact-origin')[0]?.CallOrigin, 'Progressive');
  });

  it('stores callSubType on CallSubType and links parentCallIdentifier to the VoiceCall with that key (PreviousCallId)', async () => {
    const [parent, child, orphan] = sim.insertVoiceCalls([
      { VendorCallKey: 'contact-parent', CallStartDateTime: '2024-03-01T09:00:00Z' },
      { VendorCallKey: 'contact-child', CallStartDateTime: '2024-03-01T09:05:00Z' },
      { VendorCallKey: 'contact-orphan', CallStartDateTime: '2024-03-01T09:05:00Z' },
    ]);
    await telephonyPatch(sim, creds, 'contact-child', { callSubType: 'WebRTC', parentCallIdentifier: 'contact-parent' });
    await telephonyPatch(sim, creds, 'contact-orphan', { callSubType: 'PSTN', parentCallIdentifier: 'contact-unknown' });
    await sim.settled();
    const c = sim.getVoiceCall(child as string);
    const o = sim.getVoiceCall(orphan as string);
    assert.deepEqual([c?.CallSubType, c?.PreviousCallId], ['WebRTC', parent]);
    assert.deepEqual([o?.CallSubType, o?.PreviousCallId], ['PSTN', null]);
    const log = sim.telephonyLog();
    assert.equal(log.find((e) => e.id === 'contact-child')?.ignored, undefined, 'nothing ignored when the parent resolves');
    assert.deepEqual(log.find((e) => e.id === 'contact-orphan')?.ignored, ['parentCallIdentifier']);
  });

  it('creates a VoiceCallRecording for recordingLocation and links it (CallRecordingId); duration defaults to interaction + hold', async () => {
    const [id] = sim.insertVoiceCalls([{ VendorCallKey: 'contact-rec', CallStartDateTime: '2024-03-01T09:00:00Z' }]);
    await telephonyPatch(sim, creds, 'contact-rec', { recordingLocation: 's3://bucket/a.wav', agentInteractionDuration: 100, totalHoldDuration: 20 });
    await sim.settled();
    const recordingId = sim.getVoiceCall(id as string)?.CallRecordingId as string;
    assert.match(recordingId, /^0Lr\w{15}$/);
    const recording = sim.getVoiceCallRecording(recordingId);
    assert.deepEqual(
      [recording?.attributes.type, recording?.VoiceCallId, recording?.RecordingLocation, recording?.DurationInSeconds],
      ['VoiceCallRecording', id, 's3://bucket/a.wav', 120],
    );
    // A re-sent CTR updates the same recording; totalRecordingDuration wins over the default; alone it updates the duration.
    await telephonyPatch(sim, creds, 'contact-rec', { recordingLocation: 's3://bucket/b.wav', totalRecordingDuration: 90 });
    await sim.settled();
    await telephonyPatch(sim, creds, id as string, { totalRecordingDuration: 95 });
    await sim.settled();
    assert.equal(sim.getVoiceCall(id as string)?.CallRecordingId, recordingId);
    const later = (await admin(sim, `/voicecallrecordings/${recordingId}`)).body;
    assert.deepEqual([later.RecordingLocation, later.DurationInSeconds], ['s3://bucket/b.wav', 95]);
    assert.equal((await admin(sim, '/voicecallrecordings/0Lr000000000000AAA')).status, 404);
    // With no recording, a lone totalRecordingDuration is not modelled and is listed as ignored.
    sim.insertVoiceCalls([{ VendorCallKey: 'contact-norec', CallStartDateTime: '2024-03-01T09:00:00Z' }]);
    await telephonyPatch(sim, creds, 'contact-norec', { totalRecordingDuration: 5 });
    await sim.settled();
    assert.deepEqual(sim.telephonyLog().at(-1)?.ignored, ['totalRecordingDuration']);
    assert.equal(sim.findVoiceCalls('contact-norec')[0]?.CallRecordingId, null);
  });

  it('links a recording on a PATCH that creates the VoiceCall', async () => {
    await telephonyPatch(sim, creds, 'contact-rec-new', {
      startTime: '2024-03-01T10:00:00Z',
      initiationMethod: 'INBOUND',
      fromNumber: '+15555550100',
      toNumber: '+18005550100',
      recordingLocation: 's3://bucket/c.wav',
    });
    await sim.settled();
    const [created] = sim.findVoiceCalls('contact-rec-new');
    const recording = sim.getVoiceCallRecording(created?.CallRecordingId as string);
    assert.deepEqual([recording?.VoiceCallId, recording?.DurationInSeconds], [created?.Id, 0]);
  });

  it('answers pending for a well-formed but unknown VoiceCall Id and logs it as not found', async () => {
    const [id] = sim.insertVoiceCalls([{ VendorCallKey: 'contact-3', CallStartDateTime: '2024-03-01T09:00:00Z' }]);
    const unknown = `${(id as string).slice(0, 9)}zzzzzz`;
    const result = await telephonyPatch(sim, creds, unknown, { totalHoldDuration: 1 });
    assert.equal(result.status, 200);
    await sim.settled();
    assert.equal(sim.telephonyLog().at(-1)?.outcome, 'not-found');
  });

  it('ignores callAttributes that name no custom field, and lists them in the log', async () => {
    await telephonyPatch(sim, creds, 'contact-1', {
      callAttributes: JSON.stringify({ CtrSyncedBy__c: 'resync', Unknown__c: 'x' }),
      recordingLocation: 's3://x',
      agent: 'agent@example.com',
    });
    await sim.settled();
    const entry = sim.telephonyLog().at(-1);
    // recordingLocation used to be listed here; it is modelled now (a VoiceCallRecording), `agent` is not.
    assert.deepEqual(entry?.ignored, ['agent', 'callAttributes.Unknown__c']);
    assert.equal(sim.findVoiceCalls('contact-1')[0]?.CtrSyncedBy__c, 'resync');
  });

  it('refuses bad JWTs with 401 and a JSON error body', async () => {
    const other = generateSimulatorCredentials();
    const now = Date.now();
    const key = creds.contactCenter.privateKeyPem;
    const cases: [string, string][] = [
      [signJwt(telephonyClaims(creds, now), other.contactCenter.privateKeyPem), 'signature'],
      [signJwt(telephonyClaims(creds, now, { iss: '00D000000000000AAA' }), key), 'iss'],
      [signJwt(telephonyClaims(creds, now, { sub: 'OtherCenter' }), key), 'sub'],
      [signJwt(telephonyClaims(creds, now, { exp: Math.floor(now / 1000) - 60 }), key), 'expired'],
      [signJwt(telephonyClaims(creds, now, { exp: Math.floor(now / 1000) + 25 * 3600 }), key), 'within 24 hours'],
      [signJwt(telephonyClaims(creds, now, { exp: undefined }), key), 'exp is required'],
      ['not-a-jwt', 'Invalid JWT'],
    ];
    for (const [jwt, reason] of cases) {
      const result = await telephonyPatch(sim, creds, 'contact-1', { totalHoldDuration: 99 }, { jwt });
      assert.equal(result.status, 401, reason);
      assert.equal(result.body.errorCode, 'INVALID_AUTH');
      assert.match(result.body.message, new RegExp(reason));
    }
    const missing = await fetch(`${sim.url}/telephony/v1/voiceCalls/contact-1`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'Telephony-Provider-Name': 'x' },
      body: '{}',
    });
    assert.equal(missing.status, 401);
    await sim.settled();
    assert.notEqual(sim.findVoiceCalls('contact-1')[0]?.CustomerHoldDuration, 99);
  });

  it('refuses a replayed jti', async () => {
    const jwt = signJwt(telephonyClaims(creds), creds.contactCenter.privateKeyPem);
    assert.equal((await telephonyPatch(sim, creds, 'contact-1', {}, { jwt })).status, 200);
    const replay = await telephonyPatch(sim, creds, 'contact-1', {}, { jwt });
    assert.equal(replay.status, 401);
    assert.match(replay.body.message, /jti has already been used/);
    await sim.settled();
  });

  it('requires Telephony-Provider-Name and a valid body', async () => {
    const noProvider = await telephonyPatch(sim, creds, 'contact-1', {}, { headers: { 'Telephony-Provider-Name': '' } });
    assert.deepEqual([noProvider.status, noProvider.body.errorCode], [400, 'MISSING_HEADER']);
    const badTime = await telephonyPatch(sim, creds, 'contact-1', { endTime: 'yesterday' });
    assert.deepEqual([badTime.status, badTime.body.errorCode], [400, 'INVALID_INPUT']);
    const badAttributes = await telephonyPatch(sim, creds, 'contact-1', { callAttributes: '{not json' });
    assert.deepEqual([badAttributes.status, badAttributes.body.errorCode], [400, 'INVALID_INPUT']);
    assert.equal(sim.telephonyLog().at(-1)?.outcome, 'rejected');
  });
});

describe('simulator Telephony API rate limit and lost applies', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;
  const clock = Date.UTC(2025, 0, 1, 12, 0, 0, 100);

  before(async () => {
    ({ sim, creds } = await startSimulator({
      now: () => new Date(clock),
      config: { telephonyRatePerSecond: 3, lostApplyFraction: 1, applyDelayMs: { fixed: 0, jitter: 0 }, retryAfterSeconds: 2 },
    }));
  });
  after(() => sim.close());

  it('answers 429 with Retry-After beyond telephonyRatePerSecond in one second', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const jwt = signJwt(telephonyClaims(creds, clock), creds.contactCenter.privateKeyPem);
      // A full create body: since PATCH-creates require these fields, a bare body would be a 400.
      const body = {
        totalHoldDuration: 1,
        startTime: '2025-01-01T11:00:00Z',
        initiationMethod: 'INBOUND',
        fromNumber: '+15555550100',
        toNumber: '+18005550100',
      };
      const result = await telephonyPatch(sim, creds, `rate-${i}`, body, { jwt });
      statuses.push(result.status);
      if (result.status === 429) {
        retryAfter = result.headers.get('retry-after');
        assert.equal(result.body.errorCode, 'SCV_LIMITS_ERROR');
      }
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(retryAfter, '2');
  });

  it('answers pending but never applies lost updates', async () => {
    await sim.settled();
    assert.deepEqual(sim.findVoiceCalls('rate-0'), []);
    assert.deepEqual(
      sim.telephonyLog().map((e) => e.outcome),
      ['lost', 'lost', 'lost', 'rejected', 'rejected'],
    );
  });
});
