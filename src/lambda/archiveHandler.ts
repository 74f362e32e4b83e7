/**
 * Lambda entry point of the CTR archiver: a separate consumer of the contact-record Kinesis stream
 * (it never touches Salesforce's managed Lambdas). Configuration: `CTR_ARCHIVE`
 * (`s3://bucket/prefix`), parsed at cold start (a bad value fails it with a ConfigError naming
 * the variable). Dependencies are built once per container, at module scope.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { openArchive, parseArchiveSettings } from '../config/archiveLocation.ts';
import { createArchiveHandler } from './createArchiveHandler.ts';

const logger = new Logger({ serviceName: 'ctr-archiver' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-archiver' });
const settings = parseArchiveSettings(process.env);
const archive = openArchive(settings.location, settings.s3);

export const handler = createArchiveHandler({ archive, logger, metrics });
