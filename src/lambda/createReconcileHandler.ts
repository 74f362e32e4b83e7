import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { buildReconcileDeps } from '../config/buildReconcileDeps.ts';
import type { ReconcileSchedule } from '../config/reconcileConfig.ts';
import type { ReconcileSettings } from '../config/reconcileSettings.ts';
import type { ReconcileMode } from '../reconcile/planCandidate.ts';
import { OUTCOMES, type ReconcileReport, reportSucceeded } from '../reconcile/ReconcileReport.ts';
import { RUN_LIMITS } from '../config/runLimits.ts';
import { runReconcile } from '../reconcile/runReconcile.ts';
import { ArchiveReportWriter } from '../reconcile/ArchiveReportWriter.ts';
import { parseChoice } from '../validation/choice.ts';
import { parseRatePerSecond } from '../validation/ratePerSecond.ts';
import { parseTimeOrAgo } from '../validation/timeOrAgo.ts';
import type { HandlerLogger, HandlerMetrics } from './createArchiveHandler.ts';

/** The scheduled (or Step Functions) invocation input; all optional. */
interface ReconcileEvent {
  /** Window start: ISO time or a duration before now. @default RECONCILE_WINDOW */
  readonly since?: string;
  /** Window end (exclusive): ISO time or a duration before now. @default now */
  readonly until?: string;
  readonly mode?: ReconcileMode;
  /**
   * This run's share of the PATCH budget, requests per second (> 0, at most 500; may be fractional):
   * the backfill passes `ratePerWorker(reconcileRate, backfillConcurrency)`. @default RECONCILE_RATE
   */
  readonly ratePerSecond?: number;
}

/** What the handler returns (Step Functions reads it). */
interface ReconcileResult {
  readonly runId: string;
  readonly window: ReconcileReport['window'];
  readonly summary: ReconcileReport['summary'];
  readonly reportKey: string;
  readonly succeeded: boolean;
}

/** Leave this much of the Lambda's time for writing the report and metrics. */
const SAFETY_MARGIN_MS = 30_000;

/**
 * Builds the scheduled reconcile handler: a rolling window (default the last RECONCILE_WINDOW),
 * one metric per outcome plus `PatchesSent`, `ResyncedFromDataLake` and `PartialSyncs`, the report
 * streamed to the archive under `reports/` (records in NDJSON parts as they are decided, then the
 * summary: memory stays bounded, see ArchiveReportWriter). Settings arrive
 * parsed: `schedule` at cold start, `settings` (which need the secrets) once, cached by the caller.
 * Only the invocation's own input (`since`, `until`, `mode`) is parsed per call.
 */
function createReconcileHandler(deps: {
  readonly settings: () => Promise<ReconcileSettings>;
  readonly schedule: ReconcileSchedule;
  readonly logger: HandlerLogger;
  readonly metrics: HandlerMetrics;
  readonly now?: () => Date;
}): (event: ReconcileEvent | undefined, context: Context) => Promise<ReconcileResult> {
  const now = deps.now ?? (() => new Date());
  return async (event, context) => {
    deps.logger.addContext?.(context);
    const at = now();
    const from = event?.since ? parseTimeOrAgo(event.since, 'since', at) : new Date(at.getTime() - deps.schedule.windowMs);
    const to = event?.until ? parseTimeOrAgo(event.until, 'until', at) : at;
    const mode = event?.mode === undefined ? deps.schedule.mode : parseChoice(String(event.mode), 'mode', ['missing', 'diff'] as const);
    const ratePerSecond =
      event?.ratePerSecond === undefined
        ? deps.schedule.ratePerSecond
        : parseRatePerSecond(event.ratePerSecond, 'ratePerSecond', RUN_LIMITS.rate.max);
    const budget = context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
    const verifyTimeoutMs = Math.max(10_000, Math.min(deps.schedule.verifyTimeoutMs, budget / 2));
    const adapters = buildReconcileDeps(await deps.settings());
    const runId = randomUUID();
    const stored = new ArchiveReportWriter(adapters.archive.store, { startedAt: at.toISOString(), runId });
    const report = await runReconcile(
      {
        ...adapters,
        now,
        log: { info: (m, f) => deps.logger.info(m, f ?? {}), warn: (m, f) => deps.logger.warn(m, f ?? {}) },
        onRecord: stored.write,
      },
      {
        runId,
        keepRecords: false,
        from,
        to,
        graceMs: deps.schedule.graceMs,
        mode,
        predicateSoql: deps.schedule.predicateSoql,
        verifyTimeoutMs,
        ...(deps.schedule.concurrency ? { concurrency: deps.schedule.concurrency } : {}),
        ...(ratePerSecond ? { ratePerSecond } : {}),
      },
    );
    await stored.close(report);
    const reportKey = stored.key;
    for (const outcome of OUTCOMES) deps.metrics.addMetric(outcomeMetric(outcome), 'Count', report.summary[outcome]);
    deps.metrics.addMetric('PatchesSent', 'Count', report.summary.patchesSent);
    // Which source the resyncs came from: the capture, or (only where nothing was captured) the data lake.
    deps.metrics.addMetric('ResyncedFromDataLake', 'Count', report.summary.resyncedFromDataLake ?? 0);
    deps.metrics.addMetric('PartialSyncs', 'Count', report.summary.partialSyncs ?? 0);
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
export type { ReconcileEvent, ReconcileResult };
