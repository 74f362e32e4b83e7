import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeKinesisRecord, kinesisRecordBytes } from '../../../src/ctr/decodeKinesisRecord.ts';
import { MalformedCtrError } from '../../../src/errors.ts';
import { kinesisRecordFactory, sampleKinesisEvent } from '../../helpers/factories.ts';

test('decodes the sample event: duplicate, then a newer version', () => {
  const [a, b, c] = sampleKinesisEvent().Records.map(decodeKinesisRecord);
  assert.ok(a && b && c);
  assert.equal(a.raw, b.raw);
  assert.equal(a.contactId, c.contactId);
  assert.equal(c.lastUpdateTimestamp, '2022-01-11T04:09:47.000Z');
});

test('rejects data that is not base64', () => {
  const record = kinesisRecordFactory('x', '1');
  record.kinesis.data = 'not base64!!';
  assert.throws(() => kinesisRecordBytes(record), MalformedCtrError);
});

test('reports non-JSON payloads as malformed', () => {
  assert.throws(
    () => decodeKinesisRecord(kinesisRecordFactory('hello', '1')),
    (e: unknown) => e instanceof MalformedCtrError && e.reason === 'not-json',
  );
});
