import type { Context } from 'aws-lambda';
import { runReportKey } from '../archive/archiveKeys.ts';
import { buildReconcileDeps } from '../config/buildReconcileDeps.ts';
import { parseDuration, parseTimeOrAgo } from '../config/durations.ts';
import type { ReconcileSettings } from '../config/reconcileSettings.ts';
import { ConfigError } from '../errors.ts';
import { predicateToSoql } from '../reconcile/candidatePredicate.ts';
import type { ReconcileMode } from '../reconcile/planCandidate.ts';
import { OUTCOMES, type ReconcileReport, reportSucceeded } from '../reconcile/ReconcileReport.ts';
import { runReconcile } from '../reconcile/runReconcile.ts';
import type { HandlerLogger, HandlerMetrics } from './createArchiveHandler.ts';

/** The scheduled (or Step Functions) invocation input; all optional. */
interface ReconcileEvent {
  /** Window start: ISO time or a duration before now. @default RECONCILE_WINDOW */
  readonly since?: string;
  /** Window end (exclusive): ISO time or a duration before now. @default now */
  readonly until?: string;
  readonly mode?: ReconcileMode;
}

/** What the handler returns (Step Functions reads it). */
interface ReconcileResult {
  readonly runId: string;
  readonly window: ReconcileReport['window'];
  readonly summary: ReconcileReport['summary'];
  readonly reportKey: string;
  readonly succeeded: boolean;
}

/** Settings of the scheduled run, from the environment (see README). */
interface ScheduleSettings {
  readonly window: string;
  readonly grace: string;
  readonly mode: ReconcileMode;
  readonly predicate?: string;
  readonly verifyTimeout: string;
  readonly concurrency?: number;
  readonly ratePerSecond?: number;
}

/** Leave this much of the Lambda's time for writing the report and metrics. */
const SAFETY_MARGIN_MS = 30_000;

/**
 * Builds the scheduled reconcile handler: a rolling window (default the last RECONCILE_WINDOW),
 * one metric per outcome, the report stored in the archive under `reports/`.
 */
function createReconcileHandler(deps: {
  readonly settings: () => Promise<{ settings: ReconcileSettings; env: Readonly<Record<string, string | undefined>> }>;
  readonly schedule: ScheduleSettings;
  readonly logger: HandlerLogger;
  readonly metrics: HandlerMetrics;
  readonly now?: () => Date;
}): (event: ReconcileEvent | undefined, context: Context) => Promise<ReconcileResult> {
  const now = deps.now ?? (() => new Date());
  return async (event, context) => {
    deps.logger.addContext?.(context);
    const at = now();
    const from = parseTimeOrAgo(event?.since ?? deps.schedule.window, 'since', at);
    const to = event?.until ? parseTimeOrAgo(event.until, 'until', at) : at;
    const mode = event?.mode ?? deps.schedule.mode;
    if (mode !== 'missing' && mode !== 'diff') throw new ConfigError('mode', `mode ${JSON.stringify(mode)}: expected missing or diff`);
    const budget = context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
    const verifyTimeoutMs = Math.max(10_000, Math.min(parseDuration(deps.schedule.verifyTimeout, 'RECONCILE_VERIFY_TIMEOUT'), budget / 2));
    const { settings, env } = await deps.settings();
    const adapters = buildReconcileDeps(settings, env);
    const report = await runReconcile(
      { ...adapters, now, log: { info: (m, f) => deps.logger.info(m, f ?? {}), warn: (m, f) => deps.logger.warn(m, f ?? {}) } },
      {
        from,
        to,
        graceMs: parseDuration(deps.schedule.grace, 'RECONCILE_GRACE'),
        mode,
        predicateSoql: predicateToSoql(deps.schedule.predicate),
        verifyTimeoutMs,
        ...(deps.schedule.concurrency ? { concurrency: deps.schedule.concurrency } : {}),
        ...(deps.schedule.ratePerSecond ? { ratePerSecond: deps.schedule.ratePerSecond } : {}),
      },
    );
    const reportKey = runReportKey(report.startedAt, report.runId);
    await adapters.archive.store.put(reportKey, JSON.stringify(report));
    for (const outcome of OUTCOMES) deps.metrics.addMetric(outcomeMetric(outcome), 'Count', report.summary[outcome]);
    deps.metrics.addMetric('PatchesSent', 'Count', report.summary.patchesSent);
    deps.metrics.publishStoredMetrics();
    const succeeded = reportSucceeded(report);
    deps.logger.info('Reconcile done', { runId: report.runId, reportKey, succeeded, ...report.summary });
    return { runId: report.runId, window: report.window, summary: report.summary, reportKey, succeeded };
  };
}

/** `resynced-confirmed` → `ResyncedConfirmed` (CloudWatch metric names). */
function outcomeMetric(outcome: string): string {
  return outcome.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

export { createReconcileHandler, outcomeMetric };
export type { ReconcileEvent, ReconcileResult, ScheduleSettings };
