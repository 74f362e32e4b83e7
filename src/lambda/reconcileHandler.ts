/**
 * Lambda entry point of the scheduled reconcile (EventBridge Scheduler, or one day-window of the
 * Step Functions backfill). Salesforce and SCV secrets come from Secrets Manager (`SF_SECRET_ARN`,
 * `SCV_SECRET_ARN`), the rest from the environment (README, "Configuration").
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadReconcileSettings } from '../config/reconcileSettings.ts';
import { secretsFromAws } from '../config/secretsFromAws.ts';
import type { ReconcileMode } from '../reconcile/planCandidate.ts';
import { createReconcileHandler } from './createReconcileHandler.ts';

const logger = new Logger({ serviceName: 'ctr-reconcile' });
const metrics = new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? 'CtrResync', serviceName: 'ctr-reconcile' });
let loaded: ReturnType<typeof load> | undefined;

async function load() {
  const { env, secrets } = await secretsFromAws(process.env);
  return { settings: loadReconcileSettings(env, secrets), env };
}

export const handler = createReconcileHandler({
  settings: () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined; // a failed secrets read is retried by the next invocation
      throw error;
    })),
  schedule: {
    window: process.env.RECONCILE_WINDOW ?? '3d',
    grace: process.env.RECONCILE_GRACE ?? '30m',
    mode: (process.env.RECONCILE_MODE ?? 'missing') as ReconcileMode,
    ...(process.env.RECONCILE_PREDICATE ? { predicate: process.env.RECONCILE_PREDICATE } : {}),
    verifyTimeout: process.env.RECONCILE_VERIFY_TIMEOUT ?? '3m',
    ...(process.env.RECONCILE_CONCURRENCY ? { concurrency: Number(process.env.RECONCILE_CONCURRENCY) } : {}),
    ...(process.env.RECONCILE_RATE ? { ratePerSecond: Number(process.env.RECONCILE_RATE) } : {}),
  },
  logger,
  metrics,
});
