import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { auditReportKey } from '../archive/archiveKeys.ts';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { type AuditCounts, type AuditDay, type AuditInputs, type AuditReport, computeAudit } from '../audit/computeAudit.ts';
import type { AuditSchedule } from '../config/auditSettings.ts';
import { AuditInputError } from '../errors.ts';
import { parseTimeOrAgo } from '../validation/timeOrAgo.ts';
import type { HandlerLogger, HandlerMetrics } from './createArchiveHandler.ts';

/** The scheduled invocation input; all optional (a manual run may name a window). */
interface AuditEvent {
  /** Window start: ISO time or a duration before now. @default the start of the oldest audited day */
  readonly since?: string;
  /** Window end (exclusive). @default the last UTC midnight at least AUDIT_LAG ago */
  readonly until?: string;
}

/** What the handler returns: counts only, no ids. */
interface AuditResult {
  readonly runId: string;
  readonly source: AuditSchedule['source'];
  readonly from: string;
  readonly to: string;
  readonly reportKey: string;
  readonly totals: AuditCounts;
}

/** Which input of the audit failed (logged, so the alarm's runbook can point at it). */
type AuditInputName = AuditInputError['input'];

/** CloudWatch metric names, one value per audited UTC day (Powertools Metrics, service `ctr-audit`). */
const AUDIT_METRICS = {
  captureGaps: 'ContactsMissingFromArchive',
  voiceContactsWithoutVoiceCall: 'VoiceContactsWithoutVoiceCall',
  voiceCallsWithoutContact: 'VoiceCallsWithoutContact',
  connectContacts: 'ConnectContacts',
  archivedContacts: 'ArchivedContacts',
} as const satisfies Partial<Record<keyof AuditCounts, string>>;
/** Emitted (value 1) when a run fails, with the failing input in the log. */
const AUDIT_FAILURE_METRIC = 'AuditFailures';

const DAY_MS = 86_400_000;

/**
 * The last `days` complete UTC days whose end lies at least `lagMs` before `now`.
 *
 * @returns [from, to), both UTC midnights
 */
function previousCompleteDays(now: Date, days: number, lagMs: number): { from: Date; to: Date } {
  const to = Math.floor((now.getTime() - lagMs) / DAY_MS) * DAY_MS;
  return { from: new Date(to - days * DAY_MS), to: new Date(to) };
}

function tagged<P, T>(input: AuditInputName, read: (piece: P) => AsyncIterable<T>): (piece: P) => AsyncIterable<T> {
  return (piece) =>
    (async function* () {
      try {
        yield* read(piece);
      } catch (error) {
        throw error instanceof AuditInputError ? error : new AuditInputError(input, { cause: error });
      }
    })();
}

/**
 * Builds the scheduled completeness-audit handler: audits the previous complete UTC day(s) (see
 * {@link previousCompleteDays}) comparing the contacts Connect knows (data lake or SearchContacts,
 * built at cold start), the archive's index and the VoiceCalls; emits one value per day of each
 * {@link AUDIT_METRICS} metric; stores the report JSON under `reports/audit/` in the archive;
 * logs a summary of counts (no phone numbers, no CTR contents). A failing input emits
 * `AuditFailures`, logs which input failed, and the invocation fails (Lambda's Errors metric).
 */
function createAuditHandler(deps: {
  readonly schedule: Pick<AuditSchedule, 'source' | 'days' | 'lagMs'>;
  readonly connectContacts: AuditInputs['connectContacts'];
  /** The archive and VoiceCall sides (they need the secrets: built once, cached by the caller). */
  readonly reads: () => Promise<{ readonly archive: CtrArchive } & Pick<AuditInputs, 'archivedContacts' | 'voiceCalls'>>;
  readonly logger: HandlerLogger;
  readonly metrics: HandlerMetrics;
  readonly now?: () => Date;
  readonly runId?: () => string;
}): (event: AuditEvent | undefined, context: Context) => Promise<AuditResult> {
  const now = deps.now ?? (() => new Date());
  const newRunId = deps.runId ?? (() => randomUUID());
  return async (event, context) => {
    deps.logger.addContext?.(context);
    const at = now();
    const fallback = previousCompleteDays(at, deps.schedule.days, deps.schedule.lagMs);
    const from = event?.since ? parseTimeOrAgo(event.since, 'since', at) : fallback.from;
    const to = event?.until ? parseTimeOrAgo(event.until, 'until', at) : fallback.to;
    const runId = newRunId();
    const base = { runId, source: deps.schedule.source, from: from.toISOString(), to: to.toISOString() };
    let report: AuditReport;
    let archive: CtrArchive;
    try {
      const reads = await deps.reads();
      archive = reads.archive;
      const inputs: AuditInputs = {
        connectContacts: tagged('connect', deps.connectContacts),
        archivedContacts: tagged('archive', reads.archivedContacts),
        voiceCalls: tagged('voiceCalls', reads.voiceCalls),
      };
      report = await computeAudit(inputs, { from, to }, { onDay: (day) => emitDay(deps.metrics, day) });
    } catch (error) {
      const input = error instanceof AuditInputError ? error.input : 'settings';
      deps.metrics.addMetric(AUDIT_FAILURE_METRIC, 'Count', 1);
      deps.metrics.publishStoredMetrics();
      const cause = error instanceof AuditInputError ? error.cause : error;
      deps.logger.error('Audit failed', { ...base, input, error: (cause as Error)?.name ?? 'Error', message: (cause as Error)?.message });
      throw error;
    }
    const reportKey = auditReportKey(report.from, runId);
    await archive.store.put(reportKey, JSON.stringify({ ...base, ...report }));
    deps.logger.info('Audit done', {
      ...base,
      reportKey,
      totals: report.totals,
      days: report.days.map((d) => ({ day: d.day, ...countsOf(d) })),
    });
    return { ...base, reportKey, totals: report.totals };
  };
}

/** One day's metrics, published at once (each day is its own EMF document). */
function emitDay(metrics: HandlerMetrics, day: AuditDay): void {
  for (const [field, name] of Object.entries(AUDIT_METRICS) as [keyof typeof AUDIT_METRICS, string][]) metrics.addMetric(name, 'Count', day[field]);
  metrics.publishStoredMetrics();
}

/** A day's counts without its sample ids (logs carry counts only). */
function countsOf(day: AuditDay): AuditCounts {
  const { day: _day, samples: _samples, ...counts } = day;
  return counts;
}

export { AUDIT_FAILURE_METRIC, AUDIT_METRICS, createAuditHandler, previousCompleteDays };
export type { AuditEvent, AuditResult };
