/**
 * Lambda entry point of the scheduled reconcile (EventBridge Scheduler, or one day-window of the
 * Step Functions backfill). Salesforce and SCV secrets come from Secrets Manager (`SF_SECRET_ARN`,
 * `SCV_SECRET_ARN`), the rest from the environment (README, "Configuration"). The schedule
 * settings (RECONCILE_*) are parsed at cold start: a bad value fails the cold start with a
 * ConfigError naming the variable. The secrets are read once, on the first invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { parseReconcileSchedule } from '../config/reconcileConfig.ts';
import { loadReconcileSettings, type ReconcileSettings } from '../config/reconcileSettings.ts';
import { secretsFromAws } from '../config/secretsFromAws.ts';
import { cachedUntilFailure } from './cachedUntilFailure.ts';
import { createReconcileHandler } from './createReconcileHandler.ts';

const env = process.env;
const logger = new Logger({ serviceName: 'ctr-reconcile' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-reconcile' });
const schedule = parseReconcileSchedule(env);
for (const warning of schedule.warnings ?? []) logger.warn(warning);

async function load(): Promise<ReconcileSettings> {
  return loadReconcileSettings(env, await secretsFromAws(env));
}

export const handler = createReconcileHandler({
  settings: cachedUntilFailure(load), // a failed secrets read is retried by the next invocation
  schedule,
  logger,
  metrics,
});
