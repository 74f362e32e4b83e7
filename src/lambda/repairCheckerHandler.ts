/**
 * Lambda entry point of the repair checker (SQS event source on the repair queue, with
 * ReportBatchItemFailures). Same settings and secrets as the scheduled reconcile (README,
 * "Configuration"); RECONCILE_* (rate, verify timeout) and REPAIR_MODE are parsed at cold start,
 * the secrets once, on the first invocation (retried after a failure).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { buildReconcileDeps } from '../config/buildReconcileDeps.ts';
import { parseReconcileSchedule } from '../config/reconcileConfig.ts';
import { loadReconcileSettings } from '../config/reconcileSettings.ts';
import { parseRepairCheckSettings } from '../config/repairSettings.ts';
import { secretsFromAws } from '../config/secretsFromAws.ts';
import { RECONCILE_DEFAULTS } from '../reconcile/runReconcile.ts';
import { cachedUntilFailure } from './cachedUntilFailure.ts';
import { createRepairCheckerHandler } from './createRepairCheckerHandler.ts';

const env = process.env;
const logger = new Logger({ serviceName: 'ctr-repair-checker' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-repair-checker' });
const schedule = parseReconcileSchedule(env);
const repair = parseRepairCheckSettings(env);

export const handler = createRepairCheckerHandler({
  adapters: cachedUntilFailure(async () => buildReconcileDeps(await loadReconcileSettings(env, await secretsFromAws(env)))),
  options: {
    mode: repair.mode,
    ratePerSecond: schedule.ratePerSecond ?? RECONCILE_DEFAULTS.ratePerSecond,
    verifyTimeoutMs: schedule.verifyTimeoutMs,
  },
  logger,
  metrics,
});
