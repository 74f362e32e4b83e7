import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffVoiceCall, expectedValues, type VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';

const row: VoiceCallRow = {
  Id: '0LQ5g00000AbCdEAAA',
  VendorCallKey: 'c1',
  CallStartDateTime: '2026-11-20T10:00:00.000+0000',
  CallEndDateTime: '2026-11-20T10:05:00.000+0000',
  CallAcceptDateTime: null,
  CallQueuedDateTime: null,
  CustomerHoldDuration: 0,
  LongestHoldDuration: null,
  NumberOfHolds: 0,
  QueueName: null,
  DisconnectReason: 'TELECOM_PROBLEM',
};

test('unsent hold counts are expected to become 0; unsent fields are not checked', () => {
  const expected = expectedValues({
    startTime: '2026-11-20T10:00:00Z',
    endTime: '2026-11-20T10:05:00Z',
    disconnectReason: { value: 'TELECOM_PROBLEM', isError: true },
  });
  assert.deepEqual(expected, {
    CallStartDateTime: '2026-11-20T10:00:00Z',
    CallEndDateTime: '2026-11-20T10:05:00Z',
    CustomerHoldDuration: 0,
    NumberOfHolds: 0,
    DisconnectReason: 'TELECOM_PROBLEM',
  });
  assert.deepEqual(diffVoiceCall(row, expected), [], 'Salesforce datetime format compares equal to the CTR format');
});

test('empty strings and null disconnect values set nothing checkable', () => {
  assert.deepEqual(expectedValues({ acceptTime: '', disconnectReason: { value: null, isError: false } }), {
    CustomerHoldDuration: 0,
    NumberOfHolds: 0,
  });
});

test('differences are listed with current and expected values', () => {
  const changes = diffVoiceCall({ ...row, CustomerHoldDuration: null }, { CustomerHoldDuration: 12, QueueName: 'Q' });
  assert.deepEqual(changes, [
    { field: 'CustomerHoldDuration', current: null, expected: 12 },
    { field: 'QueueName', current: null, expected: 'Q' },
  ]);
});
