import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { archiveRawCtr } from '../archive/archiveRawCtr.ts';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { kinesisRecordBytes } from '../ctr/decodeKinesisRecord.ts';
import { CtrResyncError, MalformedCtrError } from '../errors.ts';

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
}

const METRIC = { archived: 'ArchivedCtrs', duplicate: 'DuplicateCtrs', quarantined: 'QuarantinedRecords', failed: 'FailedRecords' } as const;

function arrivalTime(record: KinesisStreamRecord): string {
  const seconds = record.kinesis?.approximateArrivalTimestamp;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : new Date().toISOString();
}

/**
 * Builds the Kinesis consumer that archives every CTR before any filtering. Each record is archived
 * or quarantined; only records whose archive (or quarantine) write failed are returned in
 * `batchItemFailures`, so Lambda retries just those and a malformed record never blocks the shard.
 */
function createArchiveHandler(deps: ArchiveHandlerDeps): (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse> {
  const { archive, logger, metrics } = deps;
  const processor = new BatchProcessor(EventType.KinesisDataStreams);

  return async (event, context) => {
    logger.addContext?.(context);
    const counts = { archived: 0, duplicate: 0, quarantined: 0, failed: 0 };
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
        const result = await archiveRawCtr(archive, raw, {
          receivedAt: arrivalTime(record),
          source: { kind: 'kinesis', eventId: record.eventID, sequenceNumber, eventSourceArn: record.eventSourceARN },
        });
        counts[result.outcome] += 1;
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
      return await processPartialResponse(event, recordHandler, processor, { context });
    } finally {
      for (const [name, value] of Object.entries(counts)) metrics.addMetric(METRIC[name as keyof typeof METRIC], 'Count', value);
      metrics.publishStoredMetrics();
      logger.info('Batch done', { records: event.Records.length, ...counts });
    }
  };
}

export { createArchiveHandler };
export type { ArchiveHandlerDeps, HandlerLogger, HandlerMetrics };
