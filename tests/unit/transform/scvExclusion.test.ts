import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { LEGACY_SCV_TRANSFORM_OPTIONS, type ScvExclusionRule } from '../../../src/transform/TelephonyPatch.ts';
import { scvExclusion } from '../../../src/transform/scvExclusion.ts';

// Rules of shouldProcessCtr, service-cloud-voice/ServiceCloudVoiceLambdas:ctrDataSync/handler.js,
// and the expectations of ctrDataSync/tests/handler.test.js @90f30da.
const base: ContactTraceRecord = { ContactId: 'c0ffee00-0000-4000-8000-000000000001', InitiationMethod: 'INBOUND', Channel: 'VOICE' };

type Row = readonly [name: string, ctr: ContactTraceRecord, expected: ScvExclusionRule | undefined];

function runTable(rows: readonly Row[]): void {
  for (const [name, ctr, expected] of rows) {
    test(name, () => {
      assert.equal(scvExclusion(ctr)?.rule, expected);
    });
  }
}

describe('scvExclusion: no-sync', () => {
  runTable([
    ["NoSync 'true' is skipped", { ...base, Attributes: { NoSync: 'true' } }, 'no-sync'],
    ["NoSync 'false' is synced", { ...base, Attributes: { NoSync: 'false' } }, undefined],
    ["NoSync 'TRUE' is synced (SCV compares to the string 'true')", { ...base, Attributes: { NoSync: 'TRUE' } }, undefined],
    ['NoSync wins over every other rule', { Attributes: { NoSync: 'true' }, Channel: 'CHAT', InitiationMethod: 'FLOW' }, 'no-sync'],
    ['null Attributes is fine', { ...base, Attributes: null }, undefined],
  ]);
});

describe('scvExclusion: initiation-method', () => {
  runTable([
    ...['INBOUND', 'OUTBOUND', 'TRANSFER', 'CALLBACK', 'API', 'WEBRTC_API'].map(
      (m): Row => [`${m} is synced`, { ...base, InitiationMethod: m, Attributes: {} }, undefined],
    ),
    ...['QUEUE_TRANSFER', 'DISCONNECT', 'MONITOR', 'EXTERNAL_OUTBOUND', 'AGENT_REPLY', 'FLOW', 'inbound', ''].map(
      (m): Row => [`${JSON.stringify(m)} is skipped`, { ...base, InitiationMethod: m }, 'initiation-method'],
    ),
    ['a missing InitiationMethod is skipped', { ContactId: 'x', Channel: 'VOICE' }, 'initiation-method'],
    ['a null InitiationMethod is skipped', { ...base, InitiationMethod: null }, 'initiation-method'],
  ]);
});

describe('scvExclusion: missing-contact-id', () => {
  runTable([
    ['missing ContactId', { InitiationMethod: 'INBOUND', Channel: 'VOICE' }, 'missing-contact-id'],
    ['empty ContactId', { ...base, ContactId: '' }, 'missing-contact-id'],
    ['null ContactId', { ...base, ContactId: null }, 'missing-contact-id'],
  ]);
});

describe('scvExclusion: voicemail', () => {
  runTable([
    ['vm_flag with Recordings is skipped', { ...base, Attributes: { vm_flag: '1' }, Recordings: [{ Location: 'x' }] }, 'voicemail'],
    ['vm_flag "0" is truthy in SCV', { ...base, Attributes: { vm_flag: '0' }, Recordings: [{ Location: 'x' }] }, 'voicemail'],
    ['an empty Recordings array is truthy in SCV', { ...base, Attributes: { vm_flag: '1' }, Recordings: [] }, 'voicemail'],
    ['vm_flag without Recordings (incomplete voicemail) is synced', { ...base, Attributes: { vm_flag: '1' }, Recordings: null }, undefined],
    ['Recordings without vm_flag is synced', { ...base, Recordings: [{ Location: 'x' }] }, undefined],
    ['an empty vm_flag is falsy', { ...base, Attributes: { vm_flag: '' }, Recordings: [{ Location: 'x' }] }, undefined],
    ['the singular Recording does not count', { ...base, Attributes: { vm_flag: '1' }, Recording: { Location: 'x' } }, undefined],
  ]);
});

describe('scvExclusion: channel', () => {
  runTable([
    ['VOICE is synced', base, undefined],
    ['CHAT is skipped', { ...base, Channel: 'CHAT' }, 'channel'],
    ['TASK is skipped', { ...base, Channel: 'TASK' }, 'channel'],
    ['EMAIL is skipped', { ...base, Channel: 'EMAIL' }, 'channel'],
    ['a missing Channel is skipped (newest SCV requires Channel === "VOICE")', { ContactId: 'x', InitiationMethod: 'INBOUND' }, 'channel'],
    ['a null Channel is skipped', { ...base, Channel: null }, 'channel'],
    ['a lower-case voice is skipped', { ...base, Channel: 'voice' }, 'channel'],
    ['channel is checked before the initiation method', { ...base, Channel: 'CHAT', InitiationMethod: 'FLOW' }, 'channel'],
  ]);

  test("channelRule: 'none' syncs CHAT like SCV 57e7dd0", () => {
    assert.equal(scvExclusion({ ...base, Channel: 'CHAT' }, { channelRule: 'none' }), undefined);
    assert.equal(scvExclusion({ ...base, Channel: 'CHAT' }, LEGACY_SCV_TRANSFORM_OPTIONS), undefined);
    assert.equal(scvExclusion({ ...base, Channel: 'CHAT' }, { channelRule: undefined })?.rule, 'channel');
  });

  test("channelRule: 'non-voice' keeps a CTR without a Channel and skips CHAT", () => {
    assert.equal(scvExclusion({ ContactId: 'x', InitiationMethod: 'INBOUND' }, { channelRule: 'non-voice' }), undefined);
    assert.equal(scvExclusion({ ...base, Channel: 'CHAT' }, { channelRule: 'non-voice' })?.rule, 'channel');
  });
});

describe('scvExclusion: scv-throws', () => {
  runTable([
    ['WEBRTC_API without Attributes is skipped: SCV throws on it', { ...base, InitiationMethod: 'WEBRTC_API' }, 'scv-throws'],
    ['WEBRTC_API with null Attributes is skipped too', { ...base, InitiationMethod: 'WEBRTC_API', Attributes: null }, 'scv-throws'],
    ['WEBRTC_API with empty Attributes is synced', { ...base, InitiationMethod: 'WEBRTC_API', Attributes: {} }, undefined],
    ['INBOUND without Attributes is synced', { ...base, Attributes: null }, undefined],
  ]);
});

describe('scvExclusion: details', () => {
  test('never carry attribute values', () => {
    const secret = '+15555550100';
    const ctr: ContactTraceRecord = { ...base, InitiationMethod: 'QUEUE_TRANSFER', Attributes: { vm_flag: secret, NoSync: 'no', phone: secret } };
    const result = scvExclusion(ctr);
    assert.equal(result?.rule, 'initiation-method');
    assert.ok(!result.detail.includes(secret));
    assert.match(result.detail, /QUEUE_TRANSFER/);
  });

  test('truncates a long InitiationMethod', () => {
    const result = scvExclusion({ ...base, InitiationMethod: 'X'.repeat(500) });
    assert.ok(result !== undefined && result.detail.length < 120);
  });
});
