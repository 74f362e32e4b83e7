import type { KinesisStreamRecord } from 'aws-lambda';
import { MalformedCtrError } from '../errors.ts';
import type { ParsedCtr } from './ContactTraceRecord.ts';
import { parseCtr } from './parseCtr.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Returns the raw bytes of a Lambda Kinesis record (`kinesis.data` is base64).
 *
 * @throws MalformedCtrError (`not-json`) when `data` is missing or not base64
 */
function kinesisRecordBytes(record: KinesisStreamRecord): Buffer {
  const data = record.kinesis?.data;
  if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
    throw new MalformedCtrError('not-json', 'Kinesis record data is missing or not base64');
  }
  return Buffer.from(data, 'base64');
}

/**
 * Decodes a Lambda Kinesis record (base64 → UTF-8 JSON) into a validated CTR.
 *
 * @param record - one entry of `KinesisStreamEvent.Records`
 * @throws MalformedCtrError when the payload is not a usable CTR
 */
function decodeKinesisRecord(record: KinesisStreamRecord): ParsedCtr {
  return parseCtr(kinesisRecordBytes(record));
}

export { decodeKinesisRecord, kinesisRecordBytes };
