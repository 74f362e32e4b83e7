import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { DependencyRefusedError, EmptyArchiveError } from '../errors.ts';
import type { RetryPolicy } from '../http/backoff.ts';
import type { TransformOptions } from '../transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';
import { DEFAULT_MAX_WRITE_ATTEMPTS } from '../writers/writeWithRetry.ts';
import { buildReconcileContext } from './buildReconcileContext.ts';
import { decisionScope } from './cachedDecision.ts';
import { DecisionManifests } from './DecisionManifests.ts';
import { errorSummary } from './pacedWrite.ts';
import { ProgressTracker, type ReconcileProgress } from './ProgressTracker.ts';
import type { ReconcileMode } from './planCandidate.ts';
import { emptySummary, RESYNCED, type ReconcileReport, type RecordResult } from './ReconcileReport.ts';
import type { ResyncLedger } from './ResyncLedger.ts';
import { startReconcile } from './reconcileVoiceCall.ts';
import { type Selection, selectedCandidates } from './selectedCandidates.ts';
import type { VoiceCallReader } from '../ports/VoiceCallReader.ts';
import type { VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/** Defaults chosen to stay well inside SCV's documented limits (50 calls/s per org, scv-internals.md §2). */
const RECONCILE_DEFAULTS = {
  concurrency: 8,
  ratePerSecond: 10,
  verifyTimeoutMs: 180_000,
  verifyIntervalMs: 2_000,
  maxWriteAttempts: DEFAULT_MAX_WRITE_ATTEMPTS,
} as const;

/** What a run needs from the outside world. */
interface ReconcileDeps {
  readonly reader: VoiceCallReader;
  readonly writer: VoiceCallWriter;
  readonly archive: CtrArchive;
  readonly ledger: ResyncLedger;
  /** Wall clock: the window's end and ledger/report timestamps. */
  readonly now?: () => Date;
  /** Monotonic milliseconds for rate limiting and verify timeouts (independent of `now`). */
  readonly elapsedMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Structured log. `debug` (optional) receives one event per page fetched, PATCH answered and
   * verify poll (`--verbose`); fields are counts, Ids, HTTP statuses and codes, never CTR values.
   */
  readonly log?: {
    info(msg: string, fields?: Record<string, unknown>): void;
    warn(msg: string, fields?: Record<string, unknown>): void;
    debug?(msg: string, fields?: Record<string, unknown>): void;
  };
  /**
   * Told of the run's progress (phase, done of total, rates, ETA, what verification waits for):
   * after each page, each decided record and each verify poll. Cheap to call; throttle the rendering.
   */
  readonly onProgress?: (progress: ReconcileProgress) => void;
  /**
   * Called with every record as it is decided (before the next one is counted), e.g. a streaming
   * report writer (`NdjsonReportWriter.write`); a returned promise is awaited, so a slow writer
   * slows the run instead of buffering. If it throws, no further candidate is started and the run
   * rejects with that error once the ones under way have settled.
   */
  readonly onRecord?: (record: RecordResult) => void | Promise<void>;
}

/** What a run does. */
interface ReconcileOptions {
  /** CallStartDateTime window [from, to); `to` is further capped at now minus `graceMs`. */
  readonly from: Date;
  readonly to: Date;
  /** Calls that started less than this long ago are left alone (they may still be live). */
  readonly graceMs: number;
  readonly mode: ReconcileMode;
  /** SOQL condition for `missing` mode, validated by `predicateToSoql`. */
  readonly predicateSoql: string;
  readonly dryRun?: boolean;
  readonly retryUnconfirmed?: boolean;
  readonly transformOptions?: TransformOptions;
  /** PATCHes in flight at once. @default 8 */
  readonly concurrency?: number;
  /** PATCHes per second at most, in any one-second window; halved on a 429 storm. @default 10 */
  readonly ratePerSecond?: number;
  /** @default 180000 */
  readonly verifyTimeoutMs?: number;
  /** @default 2000 */
  readonly verifyIntervalMs?: number;
  /** PATCH attempts per VoiceCall (the one retry policy's maxAttempts) before it counts as failed. @default 5 */
  readonly maxWriteAttempts?: number;
  /** Backoff and Retry-After bounds of PATCH retries; `maxWriteAttempts` wins for the attempts. @default DEFAULT_RETRY_POLICY */
  readonly writeRetry?: Partial<RetryPolicy>;
  readonly runId?: string;
  /**
   * Aborting it (Ctrl+C) stops the run cleanly: no new candidate is started, writes under way finish
   * and are recorded, verification is abandoned (those entries stay `sent`; the next run verifies
   * them), and the report says the run was interrupted.
   */
  readonly signal?: AbortSignal;
  /**
   * Reconcile exactly these VoiceCalls (by Id) and the VoiceCalls of these ContactIds, with the same
   * rules, ledger and verification, ignoring the window, the grace period and the predicate.
   */
  readonly only?: Selection;
  /**
   * Keep every record in `report.records`. With `false` the report's `records` stays empty and only
   * the summary is kept, so memory stays flat in the window's size (stream records through
   * `deps.onRecord` instead). @default true
   */
  readonly keepRecords?: boolean;
  /**
   * Reuse decisions that cannot have changed (excluded, no archived CTR, in sync, already resynced) from earlier runs'
   * manifests under `decisions/` in the archive, and remember this run's (not in a dry run). @default true
   */
  readonly decisionCache?: boolean;
}

/** Why an interrupted run stopped, as its report says. */
const INTERRUPTED = Object.freeze({
  code: 'INTERRUPTED',
  dependency: 'none',
  settings: [],
  message:
    'interrupted (Ctrl+C): no further call was started; PATCHes sent but not yet seen landing stay recorded as sent, and the next run verifies them',
});

/** The record of a candidate whose reconcile threw (a port failed): decided here only. */
function failedRecord(row: VoiceCallRow, error: unknown): RecordResult {
  return { voiceCallId: row.Id, vendorCallKey: row.VendorCallKey, outcome: 'failed', error: errorSummary(error) };
}

/**
 * The batch reconcile run: streams the window's candidate VoiceCalls and reconciles each with
 * {@link startReconcile} (the same path a single VoiceCall takes), at most `concurrency` in their
 * write phase at once and every PATCH paced by one rate limiter; records settle as their PATCHes
 * are verified, without holding a write slot meanwhile. Returns the report of every candidate.
 * When a dependency refuses us for good (see `createPacedWrite`), no further candidate is started,
 * the ones under way settle, and the report says why the run stopped.
 *
 * @throws EmptyArchiveError before anything is read from the org when the archive holds no CTR (captured or rebuilt)
 */
async function runReconcile(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconcileReport> {
  if (!(await deps.archive.holdsVersions()) && !(await deps.archive.holdsRebuilt())) throw new EmptyArchiveError(deps.archive.store.location);
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const elapsedMs = deps.elapsedMs ?? (() => performance.now());
  const runId = options.runId ?? randomUUID();
  const startedAt = now().toISOString();
  // A selection names its calls: the grace period (like the window) does not apply to it.
  const to = options.only ? options.to : new Date(Math.min(options.to.getTime(), now().getTime() - options.graceMs));
  const summary = emptySummary();
  const records: RecordResult[] = [];
  const keepRecords = options.keepRecords ?? true;
  let decided = 0;
  let recordSinkError: { readonly error: unknown } | undefined;
  /** Records waiting for `onRecord` (a slow report sink holds the candidate loop back, so they stay few). */
  let sinking = 0;
  let sinkDrained: (() => void) | undefined;
  let patchesSent = 0;
  const verifyTimeoutMs = options.verifyTimeoutMs ?? RECONCILE_DEFAULTS.verifyTimeoutMs;
  const debug = deps.log?.debug?.bind(deps.log);
  let resyncedFromDataLake = 0;
  let partialSyncs = 0;
  const flags = {
    mode: options.mode,
    dryRun: options.dryRun ?? false,
    retryUnconfirmed: options.retryUnconfirmed ?? false,
    ...(options.transformOptions ? { transformOptions: options.transformOptions } : {}),
  };
  const decisions =
    options.decisionCache === false
      ? undefined
      : new DecisionManifests(deps.archive.store, deps.archive, {
          mode: options.mode,
          scope: decisionScope(flags),
          write: !flags.dryRun,
          ...(deps.log ? { log: deps.log } : {}),
        });
  const { context, verifier } = buildReconcileContext(
    { reader: deps.reader, writer: deps.writer, archive: deps.archive, ledger: deps.ledger, now, elapsedMs, sleep },
    {
      flags,
      runId,
      ratePerSecond: options.ratePerSecond ?? RECONCILE_DEFAULTS.ratePerSecond,
      verifyTimeoutMs,
      verifyIntervalMs: options.verifyIntervalMs ?? RECONCILE_DEFAULTS.verifyIntervalMs,
      writeRetry: {
        ...options.writeRetry,
        maxAttempts: options.maxWriteAttempts ?? options.writeRetry?.maxAttempts ?? RECONCILE_DEFAULTS.maxWriteAttempts,
      },
      ...(decisions ? { decisions } : {}),
    },
    {
      onAttempt: () => {
        patchesSent += 1;
        progress.patchSent();
      },
      ...(debug ? { onWriteEvent: (event) => debug(`PATCH ${event.kind}`, { ...event }) } : {}),
      onPoll: (poll) => {
        if (poll.asked > 0) debug?.('Verify poll', { ...poll });
        emitProgress();
      },
      onPollError: (error) => deps.log?.warn('Verification poll failed; will poll again', errorSummary(error)),
    },
  );
  const progress = new ProgressTracker(elapsedMs, verifier, verifyTimeoutMs, summary);
  const emitProgress = (): void => deps.onProgress?.(progress.snapshot());
  const finish = async (result: RecordResult): Promise<void> => {
    if (keepRecords) records.push(result);
    decided += 1;
    summary[result.outcome] += 1;
    progress.decided();
    emitProgress();
    if (result.ctrSource === 'data-lake' && RESYNCED.has(result.outcome)) {
      resyncedFromDataLake += 1;
      if (result.partial) partialSyncs += 1;
    }
    if (!deps.onRecord || recordSinkError) return;
    sinking += 1;
    try {
      await deps.onRecord(result);
    } catch (error) {
      recordSinkError ??= { error };
      queue.clear();
    } finally {
      sinking -= 1;
      const wake = sinkDrained;
      sinkDrained = undefined;
      wake?.();
    }
  };
  const verifying = verifier.run();
  const queue = new PQueue({ concurrency: options.concurrency ?? RECONCILE_DEFAULTS.concurrency });
  const settling = new Set<Promise<void>>();
  let stopped: DependencyRefusedError | undefined;
  const notFound: string[] = [];
  const stop = (row: VoiceCallRow, error: unknown): RecordResult => {
    if (error instanceof DependencyRefusedError && !stopped) {
      stopped = error;
      queue.clear();
      deps.log?.warn('Reconcile run stopped', { code: error.code, message: error.message });
    }
    return failedRecord(row, error);
  };
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    queue.clear();
    verifier.abandon();
  };
  if (options.signal?.aborted) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  deps.log?.info('Reconcile run started', {
    runId,
    mode: options.mode,
    dryRun: options.dryRun ?? false,
    retryUnconfirmed: options.retryUnconfirmed ?? false,
    window: { from: options.from.toISOString(), to: to.toISOString() },
    ...(options.only ? { voiceCallIdsAsked: options.only.voiceCallIds?.length ?? 0, contactIdsAsked: options.only.contactIds?.length ?? 0 } : {}),
    concurrency: options.concurrency ?? RECONCILE_DEFAULTS.concurrency,
    ratePerSecond: options.ratePerSecond ?? RECONCILE_DEFAULTS.ratePerSecond,
    verifyTimeoutMs,
  });
  if (options.only) progress.selection((options.only.voiceCallIds?.length ?? 0) + (options.only.contactIds?.length ?? 0));
  emitProgress();
  const onPage = (page: { readonly rows: number; readonly totalSize?: number }): void => {
    debug?.('Candidate page fetched', { ...page });
    progress.page(page.totalSize);
    emitProgress();
  };
  try {
    const candidates = options.only
      ? selectedCandidates(deps.reader, options.only, notFound)
      : deps.reader.candidates({ from: options.from, to, ...(options.mode === 'missing' ? { predicateSoql: options.predicateSoql } : {}), onPage });
    for await (const row of candidates) {
      progress.rowRead();
      await queue.onSizeLessThan(queue.concurrency * 4);
      while (sinking >= queue.concurrency * 4) await new Promise<void>((resolve) => (sinkDrained = resolve));
      if (stopped || recordSinkError || interrupted) break;
      decisions?.enter(row);
      void queue.add(async () => {
        const started = await startReconcile(row, context).catch((error: unknown) => ({ settled: Promise.resolve(stop(row, error)) }));
        decisions?.leave(row);
        const done = started.settled.catch((error: unknown) => failedRecord(row, error)).then(finish);
        settling.add(done);
        void done.then(() => settling.delete(done));
      });
    }
    if (!stopped && !recordSinkError && !interrupted) progress.candidatesEnded();
    await queue.onIdle();
    progress.writesDone();
    emitProgress();
    // Every PATCH has gone out: the last partial batch is read at the next look, not after maxHoldMs.
    verifier.writesDone();
    await Promise.all(settling);
    await decisions?.flush();
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    verifier.close();
    await verifying;
  }
  if (recordSinkError) throw recordSinkError.error;
  deps.log?.info('Reconcile run finished', {
    runId,
    ...summary,
    patchesSent,
    resyncedFromDataLake,
    partialSyncs,
    ...(decisions ? { decisionCache: decisions.stats } : {}),
  });
  return {
    runId,
    mode: options.mode,
    dryRun: options.dryRun ?? false,
    window: { from: options.from.toISOString(), to: to.toISOString() },
    startedAt,
    finishedAt: now().toISOString(),
    summary: { ...summary, candidates: decided, patchesSent, resyncedFromDataLake, partialSyncs },
    ...(options.only ? { selection: { ...options.only, notFound } } : {}),
    ...(stopped ? { stopped: { code: stopped.code, dependency: stopped.dependency, settings: stopped.settings, message: stopped.message } } : {}),
    ...(interrupted && !stopped ? { stopped: INTERRUPTED } : {}),
    records,
  };
}

export { RECONCILE_DEFAULTS, runReconcile };
export type { ReconcileDeps, ReconcileOptions, Selection };
