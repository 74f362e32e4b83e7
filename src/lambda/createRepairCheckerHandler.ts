import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ReconcileAdapters } from '../config/buildReconcileDeps.ts';
import { errorSummary } from '../reconcile/pacedWrite.ts';
import type { RepairRunOptions } from '../repair/buildRepairContext.ts';
import { checkRepairBatch, type RepairCheck, type RepairVerdict } from '../repair/checkRepairBatch.ts';
import type { HandlerLogger, HandlerMetrics } from './createArchiveHandler.ts';

/** CloudWatch metric per verdict (sum over a period = messages with that verdict). */
const VERDICT_METRIC: Readonly<Record<RepairVerdict, string>> = {
  repaired: 'RepairRepaired',
  synced: 'RepairAlreadySynced',
  settled: 'RepairSettled',
  'not-found': 'RepairVoiceCallNotFound',
  failed: 'RepairFailed',
  malformed: 'RepairMalformedMessages',
};

/** Dependencies of the checker, built by the entry point. */
interface RepairCheckerDeps {
  /** The reconcile adapters (built once, after the secrets are read). */
  readonly adapters: () => Promise<Pick<ReconcileAdapters, 'reader' | 'writer' | 'archive' | 'ledger'>>;
  readonly options: RepairRunOptions;
  readonly logger: HandlerLogger;
  readonly metrics: HandlerMetrics;
  readonly now?: () => Date;
  /** Sees every batch's checks (the demo counts the VoiceCalls the checker repaired). */
  readonly onChecks?: (checks: readonly RepairCheck[]) => void;
}

/**
 * Builds the SQS consumer that repairs, minutes after the call, the voice contacts whose SCV sync
 * was lost: one VoiceCall read per batch, `startReconcile` (ledger, verification) for each one
 * still missing CTR data, one metric per verdict. Messages to retry (VoiceCall not created yet, a
 * refused PATCH, a port failure, a malformed body) are returned in `batchItemFailures`
 * (ReportBatchItemFailures), so SQS redelivers only them after the visibility timeout, and moves
 * them to the dead-letter queue after its maxReceiveCount. A failed VoiceCall read fails the
 * whole batch (every message is reported).
 */
function createRepairCheckerHandler(deps: RepairCheckerDeps): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    deps.logger.addContext?.(context);
    const counts = Object.fromEntries(Object.keys(VERDICT_METRIC).map((v) => [v, 0])) as Record<RepairVerdict, number>;
    let patchesSent = 0;
    try {
      if (event.Records.length === 0) return { batchItemFailures: [] };
      const messages = event.Records.map((r) => ({ messageId: r.messageId, body: r.body }));
      let result: Awaited<ReturnType<typeof checkRepairBatch>>;
      try {
        const adapters = await deps.adapters();
        result = await checkRepairBatch(
          messages,
          {
            ...adapters,
            ...(deps.now ? { now: deps.now } : {}),
            onPollError: (error) => deps.logger.warn('Verification poll failed; will poll again', errorSummary(error)),
          },
          deps.options,
        );
      } catch (error) {
        counts.failed += messages.length;
        deps.logger.error('Repair batch failed; every message will be retried', { messages: messages.length, ...errorSummary(error) });
        return { batchItemFailures: messages.map((m) => ({ itemIdentifier: m.messageId })) };
      }
      patchesSent = result.patchesSent;
      deps.onChecks?.(result.checks);
      for (const check of result.checks) {
        counts[check.verdict] += 1;
        if (check.verdict === 'failed' || check.verdict === 'malformed') {
          const error = check.records.find((r) => r.outcome === 'failed')?.error;
          deps.logger.warn('Repair check will be retried', {
            messageId: check.messageId,
            verdict: check.verdict,
            contactId: check.request?.contactId,
            ...error,
          });
        }
      }
      return { batchItemFailures: result.checks.filter((c) => c.retry).map((c) => ({ itemIdentifier: c.messageId })) };
    } finally {
      for (const [verdict, value] of Object.entries(counts)) deps.metrics.addMetric(VERDICT_METRIC[verdict as RepairVerdict], 'Count', value);
      deps.metrics.addMetric('RepairPatchesSent', 'Count', patchesSent);
      deps.metrics.publishStoredMetrics();
      deps.logger.info('Repair batch done', { messages: event.Records.length, ...counts, patchesSent });
    }
  };
}

export { createRepairCheckerHandler, VERDICT_METRIC };
export type { RepairCheckerDeps };
