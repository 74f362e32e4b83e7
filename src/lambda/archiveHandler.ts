/**
 * Lambda entry point of the CTR archiver: a separate consumer of the contact-record Kinesis stream
 * (it never touches Salesforce's managed Lambdas). Configuration: `CTR_ARCHIVE`
 * (`s3://bucket/prefix`). Dependencies are built once per container, at module scope.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { openArchiveFromSetting } from '../config/archiveLocation.ts';
import { createArchiveHandler } from './createArchiveHandler.ts';

const logger = new Logger({ serviceName: 'ctr-archiver' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-archiver' });
const archive = openArchiveFromSetting(undefined, process.env);

export const handler = createArchiveHandler({ archive, logger, metrics });
