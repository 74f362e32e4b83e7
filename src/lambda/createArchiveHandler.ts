import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import PQueue from 'p-queue';
import { archiveRawCtr } from '../archive/archiveRawCtr.ts';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { kinesisRecordBytes } from '../ctr/decodeKinesisRecord.ts';
import { CtrResyncError, MalformedCtrError } from '../errors.ts';
import type { RepairEnqueuer, RepairRequest } from '../repair/RepairEnqueuer.ts';

/** The slice of Powertools Logger the handler uses. */
interface HandlerLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
  addContext?(context: Context): void;
}

/** The slice of Powertools Metrics the handler uses (metrics are CloudWatch EMF). */
interface HandlerMetrics {
  addMetric(name: string, unit: 'Count', value: number): void;
  publishStoredMetrics(): void;
}

/** Dependencies of the archive Lambda, built once per container by the entry point. */
interface ArchiveHandlerDeps {
  readonly archive: CtrArchive;
  readonly logger: HandlerLogger;
  readonly metrics: HandlerMetrics;
  /** Event-driven repair: each archived voice contact version is enqueued for a delayed check. None: off. */
  readonly enqueuer?: RepairEnqueuer;
  /**
   * Records archived at once (Powertools starts every record of the batch together; this bounds the
   * archive writes among them). Size it with the S3 client's socket pool (`openArchive`'s
   * `maxSockets`, two sockets per write). @default {@link DEFAULT_HANDLER_CONCURRENCY}
   */
  readonly concurrency?: number;
}

/** Default writes in flight per invocation: S3's latency (~20 ms) allows 64 ÷ 20 ms = 3,200 CTRs/s. */
const DEFAULT_HANDLER_CONCURRENCY = 64;

const METRIC = { archived: 'ArchivedCtrs', duplicate: 'DuplicateCtrs', quarantined: 'QuarantinedRecords', failed: 'FailedRecords' } as const;
const ENQUEUE_METRIC = { enqueued: 'RepairChecksEnqueued', enqueueFailed: 'RepairEnqueueFailures' } as const;

/** Contacts the repair checker looks at: voice, or no Channel (SCV's own filters decide those later). */
function isVoice(channel: string | undefined): boolean {
  return channel === undefined || channel === 'VOICE';
}

function arrivalTime(record: KinesisStreamRecord): string {
  const seconds = record.kinesis?.approximateArrivalTimestamp;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : new Date().toISOString();
}

/**
 * Builds the Kinesis consumer that archives every CTR before any filtering. Each record is archived
 * or quarantined; only records whose archive (or quarantine) write failed are returned in
 * `batchItemFailures`, so Lambda retries just those and a malformed record never blocks the shard.
 *
 * With an `enqueuer`, every voice CTR version archived (or found already archived: a retried
 * record) is then enqueued for the delayed repair check, after the whole batch is archived. A
 * record whose enqueue failed stays archived and is reported in `batchItemFailures` too, so
 * Kinesis retries it: its archive write is then an idempotent duplicate and the enqueue is sent
 * again (records after it are redelivered as well and may be enqueued twice; the checker's ledger
 * makes a second check harmless).
 */
function createArchiveHandler(deps: ArchiveHandlerDeps): (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse> {
  const { archive, logger, metrics } = deps;
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const concurrency = deps.concurrency ?? DEFAULT_HANDLER_CONCURRENCY;

  return async (event, context) => {
    logger.addContext?.(context);
    const counts = { archived: 0, duplicate: 0, quarantined: 0, failed: 0 };
    const toEnqueue: (RepairRequest & { sequenceNumber: string })[] = [];
    const enqueueCounts = { enqueued: 0, enqueueFailed: 0 };
    const writes = new PQueue({ concurrency });
    const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
      const sequenceNumber = record.kinesis?.sequenceNumber;
      try {
        let raw: Uint8Array;
        try {
          raw = kinesisRecordBytes(record);
        } catch (error) {
          if (!(error instanceof MalformedCtrError)) throw error;
          raw = Buffer.from(String(record.kinesis?.data ?? ''), 'utf8');
        }
        const result = await writes.add(() =>
          archiveRawCtr(archive, raw, {
            receivedAt: arrivalTime(record),
            source: { kind: 'kinesis', eventId: record.eventID, sequenceNumber, eventSourceArn: record.eventSourceARN },
          }),
        );
        counts[result.outcome] += 1;
        if (deps.enqueuer && result.outcome !== 'quarantined' && isVoice(result.channel) && sequenceNumber) {
          toEnqueue.push({ contactId: result.contactId, versionId: result.versionId, sequenceNumber });
        }
        if (result.outcome === 'quarantined') {
          logger.warn('Quarantined a malformed record', { reason: result.reason, key: result.key, sequenceNumber });
        }
      } catch (error) {
        counts.failed += 1;
        logger.error('Could not archive record; it will be retried', {
          sequenceNumber,
          errorCode: error instanceof CtrResyncError ? error.code : 'UNEXPECTED',
          errorMessage: (error as Error).message,
        });
        throw error;
      }
    };
    try {
      if (event.Records.length === 0) return { batchItemFailures: [] };
      const response = await processPartialResponse(event, recordHandler, processor, { context });
      if (!deps.enqueuer || toEnqueue.length === 0) return response;
      const { failed } = await deps.enqueuer.enqueue(toEnqueue.map(({ contactId, versionId }) => ({ contactId, versionId })));
      const failedKeys = new Set(failed.map((r) => `${r.contactId}/${r.versionId}`));
      const reported = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const batchItemFailures = [...response.batchItemFailures];
      for (const item of toEnqueue) {
        if (!failedKeys.has(`${item.contactId}/${item.versionId}`)) {
          enqueueCounts.enqueued += 1;
          continue;
        }
        enqueueCounts.enqueueFailed += 1;
        if (reported.has(item.sequenceNumber)) continue;
        reported.add(item.sequenceNumber);
        batchItemFailures.push({ itemIdentifier: item.sequenceNumber });
      }
      if (enqueueCounts.enqueueFailed > 0) {
        logger.error('Could not enqueue repair checks; their records stay archived and will be retried', { failed: enqueueCounts.enqueueFailed });
      }
      return { batchItemFailures };
    } finally {
      for (const [name, value] of Object.entries(counts)) metrics.addMetric(METRIC[name as keyof typeof METRIC], 'Count', value);
      if (deps.enqueuer) {
        for (const [name, value] of Object.entries(enqueueCounts))
          metrics.addMetric(ENQUEUE_METRIC[name as keyof typeof ENQUEUE_METRIC], 'Count', value);
      }
      metrics.publishStoredMetrics();
      logger.info('Batch done', { records: event.Records.length, ...counts, ...(deps.enqueuer ? enqueueCounts : {}) });
    }
  };
}

export { createArchiveHandler, DEFAULT_HANDLER_CONCURRENCY };
export type { ArchiveHandlerDeps, HandlerLogger, HandlerMetrics };
