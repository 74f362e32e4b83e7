/**
 * Lambda entry point of the CTR archiver: a separate consumer of the contact-record Kinesis stream
 * (it never touches Salesforce's managed Lambdas). Configuration: `CTR_ARCHIVE`
 * (`s3://bucket/prefix`), `CTR_ARCHIVE_CONCURRENCY` (writes in flight and the S3 socket pool; 64) and, for event-driven repair, `REPAIR_QUEUE_URL` (unset: off), parsed at
 * cold start (a bad value fails it with a ConfigError naming the variable). The delivery delay is
 * the queue's own `DelaySeconds`. Dependencies are built once per container, at module scope.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { openArchive, parseCaptureSettings } from '../config/archiveLocation.ts';
import { parseRepairEnqueueSettings } from '../config/repairSettings.ts';
import { SqsRepairEnqueuer } from '../repair/SqsRepairEnqueuer.ts';
import { createArchiveHandler } from './createArchiveHandler.ts';

const logger = new Logger({ serviceName: 'ctr-archiver' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-archiver' });
const settings = parseCaptureSettings(process.env);
const archive = openArchive(settings.location, settings.s3);
const repair = parseRepairEnqueueSettings(process.env);
const enqueuer = repair ? new SqsRepairEnqueuer({ client: new SQSClient({}), queueUrl: repair.queueUrl }) : undefined;

export const handler = createArchiveHandler({
  archive,
  logger,
  metrics,
  concurrency: settings.concurrency,
  ...(enqueuer ? { enqueuer } : {}),
});
