import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { MalformedCtrError } from '../../../src/errors.ts';
import { LEGACY_SCV_TRANSFORM_OPTIONS, type TelephonyPatchFields, type TransformOptions } from '../../../src/transform/TelephonyPatch.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';

// Expectations follow service-cloud-voice/ServiceCloudVoiceLambdas:ctrDataSync/utils.js (newest
// stored version 1024a14, and 9bddb66 = 57e7dd0 for the legacy options) and the vectors of
// ctrDataSync/tests/utils.test.js @90f30da, rewritten here as tables.
const ID = '1e67e495-edea-488e-b7cf-359e2f4ebfc1';

type Row = readonly [name: string, ctr: Omit<ContactTraceRecord, 'ContactId'>, expected: Partial<TelephonyPatchFields>, options?: TransformOptions];

function pick(fields: TelephonyPatchFields, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in fields).map((k) => [k, (fields as Record<string, unknown>)[k]]));
}

/** Compares only the keys the row names (a key absent from the output is reported as absent). */
function runTable(rows: readonly Row[]): void {
  for (const [name, ctr, expected, options] of rows) {
    test(name, () => {
      const { fields } = transformCtr({ ContactId: ID, ...ctr }, options);
      const keys = Object.keys(expected);
      assert.deepEqual(
        pick(fields, keys),
        Object.fromEntries(
          keys.filter((k) => (expected as Record<string, unknown>)[k] !== undefined).map((k) => [k, (expected as Record<string, unknown>)[k]]),
        ),
      );
    });
  }
}

describe('transformCtr: SCV test vectors (ctrDataSync/tests/utils.test.js @90f30da)', () => {
  test('a TRANSFER with agent, queue, recording and attributes', () => {
    const ctr: ContactTraceRecord = {
      ContactId: ID,
      InitiationTimestamp: '2020-08-07T06:09:34Z',
      DisconnectTimestamp: '2020-08-07T06:09:41Z',
      PreviousContactId: '0eeeb618-d2a9-46ce-9ad9-0c76a60cff8e',
      InitiationMethod: 'TRANSFER',
      DisconnectReason: 'TELECOM_PROBLEM',
      Recording: { Location: 'abc.com' },
      Agent: {
        ConnectedToAgentTimestamp: '2020-08-07T06:09:34Z',
        CustomerHoldDuration: 10,
        LongestHoldDuration: 8,
        AgentInteractionDuration: 2,
        NumberOfHolds: 1,
      },
      Queue: { EnqueueTimestamp: '2020-08-07T06:09:34Z', Name: 'Test' },
      Attributes: { sf_realtime_transcription_status: 'passed', 'sfdc-UserInputNum__c': 10 as unknown as string },
    };
    const patch = transformCtr(ctr);
    assert.deepEqual(patch, {
      contactId: ID,
      fields: {
        startTime: '2020-08-07T06:09:34Z',
        endTime: '2020-08-07T06:09:41Z',
        parentCallIdentifier: '0eeeb618-d2a9-46ce-9ad9-0c76a60cff8e',
        disconnectReason: { value: 'TELECOM_PROBLEM', isError: true },
        acceptTime: '2020-08-07T06:09:34Z',
        totalHoldDuration: 10,
        longestHoldDuration: 8,
        agentInteractionDuration: 2,
        numberOfHolds: 1,
        enqueueTime: '2020-08-07T06:09:34Z',
        queue: 'Test',
        initiationMethod: 'TRANSFER',
        callSubType: 'PSTN',
        recordingLocation: 'abc.com',
        callAttributes: '{"sf_realtime_transcription_status":"passed","UserInputNum__c":10}',
      },
    });
    // Same key order as SCV's object, so JSON.stringify of both is byte-identical.
    assert.deepEqual(Object.keys(patch.fields), [
      'startTime',
      'endTime',
      'parentCallIdentifier',
      'disconnectReason',
      'acceptTime',
      'totalHoldDuration',
      'longestHoldDuration',
      'agentInteractionDuration',
      'numberOfHolds',
      'enqueueTime',
      'queue',
      'initiationMethod',
      'callSubType',
      'recordingLocation',
      'callAttributes',
    ]);
  });

  test('undefined keys are removed', () => {
    assert.deepEqual(
      transformCtr({
        ContactId: ID,
        InitiationTimestamp: undefined,
        DisconnectTimestamp: '2020-08-07T06:09:41Z',
        DisconnectReason: 'AGENT_HUNGUP',
        queue: null,
      }).fields,
      {
        endTime: '2020-08-07T06:09:41Z',
        disconnectReason: { value: 'AGENT_HUNGUP', isError: false },
      },
    );
  });

  test('API becomes INBOUND; null DisconnectReason becomes UNKNOWN', () => {
    assert.deepEqual(transformCtr({ ContactId: ID, DisconnectReason: null, InitiationMethod: 'API' }).fields, {
      disconnectReason: { value: 'UNKNOWN', isError: false },
      initiationMethod: 'INBOUND',
      callSubType: 'PSTN',
    });
  });

  test('callback_flag turns TELECOM_PROBLEM into CALLBACK (not an error)', () => {
    const ctr: ContactTraceRecord = {
      ContactId: 'cb-flag-test-1',
      DisconnectReason: 'TELECOM_PROBLEM',
      Attributes: { callback_flag: true as unknown as string, 'sfdc-TestField': 'testValue' },
      InitiationMethod: 'CALLBACK',
      SystemEndpoint: { Address: '+1234567890' },
      CustomerEndpoint: { Address: '+0987654321' },
    };
    const { fields } = transformCtr(ctr);
    assert.deepEqual(fields.disconnectReason, { value: 'CALLBACK', isError: false });
    assert.equal(fields.callAttributes, '{"TestField":"testValue"}');
    assert.deepEqual([fields.fromNumber, fields.toNumber], ['+1234567890', '+0987654321']);
  });

  test('throws MalformedCtrError without a ContactId', () => {
    assert.throws(
      () => transformCtr({ InitiationMethod: 'INBOUND' }),
      (e: unknown) => e instanceof MalformedCtrError && e.reason === 'missing-contact-id',
    );
    assert.throws(() => transformCtr({ ContactId: '' }), MalformedCtrError);
  });
});

describe('transformCtr: disconnectReason', () => {
  runTable([
    ['TELECOM_PROBLEM is an error', { DisconnectReason: 'TELECOM_PROBLEM' }, { disconnectReason: { value: 'TELECOM_PROBLEM', isError: true } }],
    [
      'CONTACT_FLOW_DISCONNECT is an error',
      { DisconnectReason: 'CONTACT_FLOW_DISCONNECT' },
      { disconnectReason: { value: 'CONTACT_FLOW_DISCONNECT', isError: true } },
    ],
    ['OTHER is an error', { DisconnectReason: 'OTHER' }, { disconnectReason: { value: 'OTHER', isError: true } }],
    [
      'CUSTOMER_DISCONNECT is not',
      { DisconnectReason: 'CUSTOMER_DISCONNECT' },
      { disconnectReason: { value: 'CUSTOMER_DISCONNECT', isError: false } },
    ],
    ['AGENT_DISCONNECT is not', { DisconnectReason: 'AGENT_DISCONNECT' }, { disconnectReason: { value: 'AGENT_DISCONNECT', isError: false } }],
    ['missing → UNKNOWN', {}, { disconnectReason: { value: 'UNKNOWN', isError: false } }],
    ['empty string → UNKNOWN', { DisconnectReason: '' }, { disconnectReason: { value: 'UNKNOWN', isError: false } }],
    [
      'legacy: null is sent as null',
      { DisconnectReason: null },
      { disconnectReason: { value: null, isError: false } },
      { unknownDisconnectReason: false },
    ],
    [
      'legacy: missing has no value key (JSON.stringify drops undefined)',
      {},
      { disconnectReason: { isError: false } },
      { unknownDisconnectReason: false },
    ],
    [
      'callback_flag "false" is a truthy string in SCV',
      { DisconnectReason: 'OTHER', Attributes: { callback_flag: 'false' } },
      { disconnectReason: { value: 'CALLBACK', isError: false } },
    ],
    [
      'empty callback_flag is ignored',
      { DisconnectReason: 'OTHER', Attributes: { callback_flag: '' } },
      { disconnectReason: { value: 'OTHER', isError: true } },
    ],
    [
      'legacy: callback_flag is ignored',
      { DisconnectReason: 'OTHER', Attributes: { callback_flag: '1' } },
      { disconnectReason: { value: 'OTHER', isError: true } },
      { callbackFlag: false },
    ],
  ]);
});

describe('transformCtr: initiation method, from and to', () => {
  const endpoints = { SystemEndpoint: { Address: '+18005550100' }, CustomerEndpoint: { Address: '+15555550100' } };
  const inbound = { fromNumber: '+15555550100', toNumber: '+18005550100' };
  const outbound = { fromNumber: '+18005550100', toNumber: '+15555550100' };
  runTable([
    [
      'INBOUND: customer → from, system → to',
      { ...endpoints, InitiationMethod: 'INBOUND' },
      { initiationMethod: 'INBOUND', ...inbound, callSubType: 'PSTN' },
    ],
    ['TRANSFER: like INBOUND', { ...endpoints, InitiationMethod: 'TRANSFER' }, { initiationMethod: 'TRANSFER', ...inbound }],
    ['API: INBOUND, like INBOUND', { ...endpoints, InitiationMethod: 'API' }, { initiationMethod: 'INBOUND', ...inbound }],
    [
      'QUEUE_TRANSFER (if ever transformed): like INBOUND',
      { ...endpoints, InitiationMethod: 'QUEUE_TRANSFER' },
      { initiationMethod: 'QUEUE_TRANSFER', ...inbound },
    ],
    ['OUTBOUND: system → from, customer → to', { ...endpoints, InitiationMethod: 'OUTBOUND' }, { initiationMethod: 'OUTBOUND', ...outbound }],
    ['CALLBACK: like OUTBOUND', { ...endpoints, InitiationMethod: 'CALLBACK' }, { initiationMethod: 'CALLBACK', ...outbound }],
    [
      'no InitiationMethod: no numbers, no callSubType',
      { ...endpoints },
      { initiationMethod: undefined, fromNumber: undefined, toNumber: undefined, callSubType: undefined },
    ],
    ['missing endpoints: keys removed', { InitiationMethod: 'INBOUND', SystemEndpoint: null }, { fromNumber: undefined, toNumber: undefined }],
    [
      'endpoint without Address: key removed',
      { InitiationMethod: 'OUTBOUND', SystemEndpoint: { Type: 'TELEPHONE_NUMBER' }, CustomerEndpoint: { Address: '+1' } },
      { fromNumber: undefined, toNumber: '+1' },
    ],
  ]);

  test('keys follow SCV order: to before from for inbound, from before to for outbound', () => {
    const order = (m: string) =>
      Object.keys(transformCtr({ ContactId: ID, InitiationMethod: m, ...endpoints }).fields).filter((k) => k.endsWith('Number'));
    assert.deepEqual(order('INBOUND'), ['toNumber', 'fromNumber']);
    assert.deepEqual(order('OUTBOUND'), ['fromNumber', 'toNumber']);
    assert.deepEqual(order('WEBRTC_API'), ['fromNumber', 'toNumber']);
  });
});

describe('transformCtr: WEBRTC_API', () => {
  const method = { InitiationMethod: 'WEBRTC_API' };
  runTable([
    [
      'attributes win',
      { ...method, Attributes: { WebRTC_From: 'web-a', WebRTC_To: 'web-b' }, SystemEndpoint: { Address: 's' }, CustomerEndpoint: { Address: 'c' } },
      { fromNumber: 'web-a', toNumber: 'web-b', callSubType: 'WebRTC', initiationMethod: 'WEBRTC_API' },
    ],
    [
      'then system → from, customer → to',
      { ...method, Attributes: {}, SystemEndpoint: { Address: 's' }, CustomerEndpoint: { Address: 'c' } },
      { fromNumber: 's', toNumber: 'c' },
    ],
    [
      'then WebRTC_Default',
      { ...method, Attributes: { WebRTC_From: '' }, SystemEndpoint: { Address: '' }, CustomerEndpoint: null },
      { fromNumber: 'WebRTC_Default', toNumber: 'WebRTC_Default' },
    ],
    [
      'null Attributes are treated as empty (SCV would throw)',
      { ...method, Attributes: null },
      { fromNumber: 'WebRTC_Default', toNumber: 'WebRTC_Default', callAttributes: undefined },
    ],
  ]);
});

describe('transformCtr: Agent and Queue', () => {
  const agent = { ConnectedToAgentTimestamp: 't1', CustomerHoldDuration: 0, LongestHoldDuration: 0, AgentInteractionDuration: 5, NumberOfHolds: 0 };
  runTable([
    [
      'Agent fields, zeros kept',
      { Agent: agent },
      { acceptTime: 't1', totalHoldDuration: 0, longestHoldDuration: 0, agentInteractionDuration: 5, numberOfHolds: 0 },
    ],
    ['no Agent: no agent keys', { Agent: null }, { acceptTime: undefined, totalHoldDuration: undefined, numberOfHolds: undefined }],
    [
      'Agent without ConnectedToAgentTimestamp: acceptTime ""',
      { Agent: { CustomerHoldDuration: 3 } },
      { acceptTime: '', totalHoldDuration: 3, numberOfHolds: undefined },
    ],
    [
      'legacy: Agent without ConnectedToAgentTimestamp: no acceptTime',
      { Agent: { CustomerHoldDuration: 3 } },
      { acceptTime: undefined, totalHoldDuration: 3 },
      { emptyAcceptTime: false },
    ],
    ['Queue fields', { Queue: { EnqueueTimestamp: 't0', Name: 'Q' } }, { enqueueTime: 't0', queue: 'Q' }],
    ['Queue without Name', { Queue: { EnqueueTimestamp: 't0', Name: null } }, { enqueueTime: 't0', queue: undefined }],
    ['no Queue', { Queue: null }, { enqueueTime: undefined, queue: undefined }],
    ['PreviousContactId → parentCallIdentifier', { PreviousContactId: 'p-1' }, { parentCallIdentifier: 'p-1' }],
  ]);
});

describe('transformCtr: recordingLocation', () => {
  const rec = { Recording: { Location: 'bucket/key.wav' } };
  runTable([
    ['agent leg with a recording', { ...rec, Agent: { AgentInteractionDuration: 1 } }, { recordingLocation: 'bucket/key.wav' }],
    ['no agent interaction: none', { ...rec, Agent: { AgentInteractionDuration: 0 } }, { recordingLocation: undefined }],
    ['no Agent: none', { ...rec }, { recordingLocation: undefined }],
    [
      'only the plural Recordings: none',
      { Recordings: [{ Location: 'x' }], Agent: { AgentInteractionDuration: 9 } },
      { recordingLocation: undefined },
    ],
    ['legacy: any Recording.Location', { ...rec }, { recordingLocation: 'bucket/key.wav' }, { recordingRequiresAgentInteraction: false }],
    [
      'legacy: Recording without Location',
      { Recording: { Status: 'DELETED' } },
      { recordingLocation: undefined },
      { recordingRequiresAgentInteraction: false },
    ],
  ]);
});

describe('transformCtr: callAttributes and secretName', () => {
  runTable([
    [
      'prefix stripped, others ignored',
      { Attributes: { 'sfdc-A__c': '1', b: '2', 'sfd-C': '3', 'SFDC-D': '4' } },
      { callAttributes: '{"A__c":"1"}' },
    ],
    ['"{}" when no sfdc- keys', { Attributes: { greeting: 'x' } }, { callAttributes: '{}' }],
    ['no Attributes: no key', { Attributes: null }, { callAttributes: undefined }],
    [
      'transcription status lands after the first key',
      { Attributes: { 'sfdc-A': '1', 'sfdc-B': '2', sf_realtime_transcription_status: 'on' } },
      { callAttributes: '{"A":"1","sf_realtime_transcription_status":"on","B":"2"}' },
    ],
    ['falsy transcription status is not copied', { Attributes: { sf_realtime_transcription_status: '' } }, { callAttributes: '{}' }],
    ['null attribute values are kept inside the JSON', { Attributes: { 'sfdc-X': null } }, { callAttributes: '{"X":null}' }],
    ['integer-like keys sort first, as in SCV', { Attributes: { 'sfdc-b': '1', 'sfdc-2': '2' } }, { callAttributes: '{"2":"2","b":"1"}' }],
    ['sfdc-__proto__ is dropped as in SCV', { Attributes: { 'sfdc-__proto__': 'x', 'sfdc-ok': 'y' } }, { callAttributes: '{"ok":"y"}' }],
    ['secretName copied', { Attributes: { secretName: 'org-b' } }, { secretName: 'org-b' }],
    ['legacy: secretName not copied', { Attributes: { secretName: 'org-b' } }, { secretName: undefined }, { secretName: false }],
  ]);
});

describe('transformCtr: legacy preset (SCV 57e7dd0)', () => {
  test('LEGACY_SCV_TRANSFORM_OPTIONS reproduces the older transform', () => {
    const ctr: ContactTraceRecord = {
      ContactId: ID,
      DisconnectReason: null,
      Agent: {},
      Recording: { Location: 'r' },
      Attributes: { callback_flag: '1', secretName: 's' },
    };
    assert.deepEqual(transformCtr(ctr, LEGACY_SCV_TRANSFORM_OPTIONS).fields, {
      disconnectReason: { value: null, isError: false },
      recordingLocation: 'r',
      callAttributes: '{}',
    });
    assert.deepEqual(transformCtr(ctr).fields, {
      disconnectReason: { value: 'CALLBACK', isError: false },
      secretName: 's',
      acceptTime: '',
      callAttributes: '{}',
    });
  });
});
