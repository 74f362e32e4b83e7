import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

/** Options of {@link toKinesisBatches}. */
interface BatchOptions {
  /** Records per invocation, as the event source mapping's BatchSize. @default 100 */
  readonly batchSize?: number;
  readonly streamArn?: string;
  /** Arrival time of the first record (epoch seconds); later ones follow at 10 ms steps. */
  readonly firstArrival: number;
}

/**
 * Builds the events Lambda's Kinesis event source mapping would deliver for these payloads: one
 * shard, increasing sequence numbers, base64 data, `BatchSize` records per invocation. Used by the
 * offline demo in place of a Kinesis emulator, so the archive handler sees real event shapes.
 */
function toKinesisBatches(payloads: readonly string[], options: BatchOptions): KinesisStreamEvent[] {
  const size = options.batchSize ?? 100;
  const arn = options.streamArn ?? 'arn:aws:kinesis:us-east-1:123456789012:stream/demo-CTRStream';
  const records: KinesisStreamRecord[] = payloads.map((payload, i) => {
    const sequenceNumber = (49_650_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + BigInt(i)).toString();
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: `pk-${i % 16}`,
        sequenceNumber,
        data: Buffer.from(payload, 'utf8').toString('base64'),
        approximateArrivalTimestamp: options.firstArrival + i / 100,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/ctr-archiver',
      awsRegion: 'us-east-1',
      eventSourceARN: arn,
    };
  });
  const events: KinesisStreamEvent[] = [];
  for (let i = 0; i < records.length; i += size) events.push({ Records: records.slice(i, i + size) });
  return events;
}

export { toKinesisBatches };
export type { BatchOptions };
