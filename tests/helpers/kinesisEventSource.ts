import { createHash } from 'node:crypto';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../../src/ports/ArchiveStore.ts';
import { SeededRandom } from './simulatorPackage.ts';

/** The shard a partition key goes to (Kinesis hashes the partition key with MD5). */
function shardOf(partitionKey: string, shards: number): number {
  return createHash('md5').update(partitionKey).digest().readUInt32BE(0) % shards;
}

/**
 * Puts payloads on a simulated stream of `shards` shards, partitioned by ContactId as Amazon
 * Connect does: per-shard increasing sequence numbers, base64 data, arrival times from
 * `firstArrivalSeconds` (epoch seconds) in 10 ms steps; returns each shard's records in order.
 */
function toShards(payloads: readonly { raw: string; partitionKey: string }[], shards: number, firstArrivalSeconds: number): KinesisStreamRecord[][] {
  const out: KinesisStreamRecord[][] = Array.from({ length: shards }, () => []);
  payloads.forEach(({ raw, partitionKey }, i) => {
    const shard = shardOf(partitionKey, shards);
    const list = out[shard] as KinesisStreamRecord[];
    const sequenceNumber = (
      49_650_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n +
      BigInt(shard) * 1_000_000n +
      BigInt(list.length)
    ).toString();
    const shardId = `shardId-${String(shard).padStart(12, '0')}`;
    list.push({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey,
        sequenceNumber,
        data: Buffer.from(raw, 'utf8').toString('base64'),
        approximateArrivalTimestamp: firstArrivalSeconds + i / 100,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/ctr-archiver',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fault-suite-CTRStream',
    });
  });
  return out;
}

/** How one invocation ended. */
type InvocationResult =
  | { readonly kind: 'response'; readonly response: KinesisStreamBatchResponse }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'crashed' };

/** What the event source mapping did. */
interface EventSourceStats {
  invocations: number;
  /** Invocations that were redeliveries of (part of) an earlier batch. */
  redeliveries: number;
  /** Most deliveries any one batch needed. */
  maxDeliveriesOfABatch: number;
  batches: number;
  crashed: number;
  /** Invocations that returned batchItemFailures, and the records they named. */
  partialFailures: number;
  failedItems: number;
  /** Invocations that threw (every record failed). */
  errors: number;
  recordsDelivered: number;
}

/** Options of {@link runEventSourceMapping}. */
interface EventSourceOptions {
  /** Smallest and largest batch (the mapping's BatchSize caps it; fewer arrive when the shard is quiet). */
  readonly batchSize: { readonly min: number; readonly max: number };
  readonly seed: number;
  /** Deliveries of one batch before the test gives up (a real mapping would bisect or send it to the on-failure destination). */
  readonly maxDeliveries: number;
  /** Invokes the function once; `shard` and `invocation` (1-based, per shard) let the test plan crashes. */
  readonly invoke: (event: KinesisStreamEvent, shard: number, invocation: number) => Promise<InvocationResult>;
  /** Called with one line per invocation. */
  readonly trace?: (line: string) => void;
}

/**
 * Lambda's Kinesis event source mapping with ReportBatchItemFailures, one poller per shard (shards
 * in parallel, batches of a shard in order): a batch whose response names failed records is
 * redelivered from the lowest failed sequence number on; a batch whose invocation threw or crashed
 * is redelivered whole; the shard moves on once a delivery fully succeeds.
 *
 * @throws Error when a batch still fails after `maxDeliveries`
 */
async function runEventSourceMapping(shards: readonly (readonly KinesisStreamRecord[])[], options: EventSourceOptions): Promise<EventSourceStats> {
  const stats: EventSourceStats = {
    invocations: 0,
    redeliveries: 0,
    maxDeliveriesOfABatch: 0,
    batches: 0,
    crashed: 0,
    partialFailures: 0,
    failedItems: 0,
    errors: 0,
    recordsDelivered: 0,
  };
  await Promise.all(
    shards.map(async (records, shard) => {
      const random = new SeededRandom(options.seed * 31 + shard);
      let invocation = 0;
      for (let start = 0; start < records.length; ) {
        const size = random.int(options.batchSize.min, options.batchSize.max);
        let batch = records.slice(start, start + size);
        start += batch.length;
        stats.batches += 1;
        for (let delivery = 1; ; delivery += 1) {
          if (delivery > options.maxDeliveries) throw new Error(`shard ${shard}: a batch still failed after ${options.maxDeliveries} deliveries`);
          invocation += 1;
          stats.invocations += 1;
          stats.recordsDelivered += batch.length;
          if (delivery > 1) stats.redeliveries += 1;
          stats.maxDeliveriesOfABatch = Math.max(stats.maxDeliveriesOfABatch, delivery);
          const result = await options.invoke({ Records: [...batch] }, shard, invocation);
          options.trace?.(
            `shard ${shard} invocation ${invocation} (delivery ${delivery} of its batch): ${batch.length} records -> ${result.kind === 'response' ? `${result.response.batchItemFailures.length} batchItemFailures` : result.kind}`,
          );
          if (result.kind === 'crashed') {
            stats.crashed += 1;
            continue;
          }
          if (result.kind === 'error') {
            stats.errors += 1;
            continue;
          }
          const failed = result.response.batchItemFailures.map((f) => BigInt(f.itemIdentifier));
          if (failed.length === 0) break;
          stats.partialFailures += 1;
          stats.failedItems += failed.length;
          // biome-ignore lint/complexity/useMathMinMax: sequence numbers are BigInts, which Math.min refuses
          const lowest = failed.reduce((a, b) => (b < a ? b : a));
          batch = batch.filter((r) => BigInt(r.kinesis.sequenceNumber) >= lowest);
        }
      }
    }),
  );
  return stats;
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * An {@link ArchiveStore} that "crashes the process" once armed and a given number of further
 * writes have completed: from then on no call (nor any call already in flight) ever returns, as
 * when a Lambda container dies mid-batch; `crashed` resolves at that moment so the caller can
 * abandon the invocation. Writes already sent may or may not have landed, as in a real crash.
 */
class CrashingArchiveStore implements ArchiveStore {
  public readonly crashed: Promise<void>;
  #signal!: () => void;
  #puts = 0;
  #crashAtPut = Number.POSITIVE_INFINITY;
  #dead = false;

  public constructor(private readonly inner: ArchiveStore) {
    this.crashed = new Promise<void>((resolve) => (this.#signal = resolve));
  }

  /** Crashes after `morePuts` further completed writes. */
  public arm(morePuts: number): void {
    this.#crashAtPut = this.#puts + morePuts;
  }

  public get location(): string {
    return this.inner.location;
  }

  async #guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.#dead) return never<T>();
    const result = await call();
    if (this.#dead) return never<T>();
    return result;
  }

  public async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    const outcome = await this.#guard(() => this.inner.put(key, body, options));
    this.#puts += 1;
    if (this.#puts >= this.#crashAtPut) {
      this.#dead = true;
      this.#signal();
      return never<PutOutcome>();
    }
    return outcome;
  }

  public get(key: string): Promise<Buffer> {
    return this.#guard(() => this.inner.get(key));
  }

  public exists(key: string): Promise<boolean> {
    return this.#guard(() => this.inner.exists(key));
  }

  public async *list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    for await (const item of this.inner.list(prefix, options)) {
      if (this.#dead) await never<void>();
      yield item;
    }
  }
}

/**
 * A read-only view of a store whose listings come from one snapshot taken earlier (reads still go
 * to the store). s3rver walks its whole data folder for every listing, so the product's
 * per-contact `versions()` listing costs ~0.1 s per contact there; the snapshot keeps the checks
 * of thousands of contacts fast while `CtrArchive` still decides what is latest.
 */
class ListingSnapshotStore implements ArchiveStore {
  readonly #sorted: readonly ArchiveObjectInfo[];

  public constructor(
    private readonly inner: ArchiveStore,
    snapshot: readonly ArchiveObjectInfo[],
  ) {
    this.#sorted = [...snapshot].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  public get location(): string {
    return this.inner.location;
  }

  public put(): Promise<PutOutcome> {
    throw new Error('ListingSnapshotStore is read-only');
  }

  public get(key: string): Promise<Buffer> {
    return this.inner.get(key);
  }

  public exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }

  public async *list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#sorted[mid] as ArchiveObjectInfo).key < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#sorted.length; i += 1) {
      const item = this.#sorted[i] as ArchiveObjectInfo;
      if (!item.key.startsWith(prefix)) return;
      if (options?.startAfter !== undefined && item.key <= options.startAfter) continue;
      yield item;
    }
  }
}

export { CrashingArchiveStore, ListingSnapshotStore, runEventSourceMapping, shardOf, toShards };
export type { EventSourceOptions, EventSourceStats, InvocationResult };
