/**
 * Lambda entry point of the scheduled completeness audit (EventBridge Scheduler, daily by
 * default). AUDIT_* and the data-lake settings (CONNECT_INSTANCE_ID, DATA_LAKE_*, ATHENA_*) are
 * parsed at cold start, where the Connect-side client is built too: a bad value fails the cold
 * start with a ConfigError naming the variable. The archive and Salesforce settings need the
 * Salesforce secret (`SF_SECRET_ARN`), read once, on the first invocation (retried after a failure).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { parseAuditSchedule } from '../config/auditSettings.ts';
import { buildAuditConnectSide, buildAuditReadSides } from '../config/buildAuditInputs.ts';
import { loadSalesforceSettings } from '../config/reconcileSettings.ts';
import { secretsFromAws } from '../config/secretsFromAws.ts';
import { cachedUntilFailure } from './cachedUntilFailure.ts';
import { createAuditHandler } from './createAuditHandler.ts';

const env = process.env;
const logger = new Logger({ serviceName: 'ctr-audit' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-audit' });
const schedule = parseAuditSchedule(env);
const connect = buildAuditConnectSide(schedule);

export const handler = createAuditHandler({
  schedule,
  connectContacts: connect.connectContacts,
  reads: cachedUntilFailure(async () => buildAuditReadSides(loadSalesforceSettings(env, await secretsFromAws(env)))),
  logger,
  metrics,
});
