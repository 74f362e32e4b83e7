import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { isValidContactId } from '../ctr/validateContactId.ts';
import { CtrResyncError, VoiceCallWriteError } from '../errors.ts';
import type { RetryPolicy } from '../http/backoff.ts';
import type { TransformOptions } from '../transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../writers/VoiceCallWriter.ts';
import { DEFAULT_MAX_WRITE_ATTEMPTS, writeWithRetry } from '../writers/writeWithRetry.ts';
import { AdaptiveRateLimiter } from './AdaptiveRateLimiter.ts';
import { LandingVerifier } from './LandingVerifier.ts';
import { type CandidatePlan, planCandidate, type ReconcileMode } from './planCandidate.ts';
import { emptySummary, type Outcome, type ReconcileReport, type RecordResult } from './ReconcileReport.ts';
import type { LedgerEntry, ResyncLedger } from './ResyncLedger.ts';
import type { VoiceCallReader } from './VoiceCallReader.ts';
import type { SyncedField, VoiceCallRow } from './voiceCallFields.ts';

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
  readonly log?: { info(msg: string, fields?: Record<string, unknown>): void; warn(msg: string, fields?: Record<string, unknown>): void };
  readonly onProgress?: (done: number, summary: Readonly<Record<Outcome, number>>) => void;
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
  /** PATCHes per second at most; halved on each 429. @default 10 */
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
}

/** A record whose outcome is known only once its PATCH has (or has not) landed. */
interface Deferred {
  readonly final: Promise<RecordResult>;
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof CtrResyncError) return { code: error.code, message: error.message };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The reconcile use case: find candidate VoiceCalls, re-apply each one's newest archived CTR
 * through the VoiceCall writer exactly as SCV would (once per CTR version, recorded in the ledger
 * before and after), verify that it landed, and report every candidate's outcome.
 */
async function runReconcile(deps: ReconcileDeps, options: ReconcileOptions): Promise<ReconcileReport> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const runId = options.runId ?? randomUUID();
  const startedAt = now().toISOString();
  const to = new Date(Math.min(options.to.getTime(), now().getTime() - options.graceMs));
  const summary = emptySummary();
  const records: RecordResult[] = [];
  let patchesSent = 0;
  const elapsedMs = deps.elapsedMs ?? (() => performance.now());
  const limiter = new AdaptiveRateLimiter(options.ratePerSecond ?? RECONCILE_DEFAULTS.ratePerSecond, elapsedMs, sleep);
  const verifier = new LandingVerifier(deps.reader, {
    timeoutMs: options.verifyTimeoutMs ?? RECONCILE_DEFAULTS.verifyTimeoutMs,
    intervalMs: options.verifyIntervalMs ?? RECONCILE_DEFAULTS.verifyIntervalMs,
    now: elapsedMs,
    sleep,
    onPollError: (error) => deps.log?.warn('Verification poll failed; will poll again', errorOf(error)),
  });
  const verifying = verifier.run();
  const queue = new PQueue({ concurrency: options.concurrency ?? RECONCILE_DEFAULTS.concurrency });
  const settling: Promise<void>[] = [];

  const finish = (result: RecordResult): void => {
    records.push(result);
    summary[result.outcome] += 1;
    deps.onProgress?.(records.length, summary);
  };

  const ledgerEvent = (detail?: string) => ({ at: now().toISOString(), runId, ...(detail ? { detail } : {}) });

  /** Settles a record after its PATCH is verified, without holding a write slot meanwhile. */
  const settleAfterLanding = async (row: VoiceCallRow, expected: LedgerEntry['expected'], entry: LedgerEntry, onLanded: RecordResult, onTimeout: RecordResult, detail?: string): Promise<RecordResult> => {
    const landed = await verifier.watch(row.Id, expected);
    await deps.ledger.record(entry, entry, landed ? 'confirmed' : 'unconfirmed', ledgerEvent(detail));
    return landed ? onLanded : onTimeout;
  };

  const send = async (row: VoiceCallRow, plan: Extract<CandidatePlan, { kind: 'patch' }>, contactId: string, previous: LedgerEntry | undefined): Promise<Deferred> => {
    const base = { voiceCallId: row.Id, vendorCallKey: row.VendorCallKey, ctrVersion: plan.versionId };
    const pair = { voiceCallId: row.Id, contactId, versionId: plan.versionId, expected: plan.expected };
    const policy = { ...options.writeRetry, maxAttempts: options.maxWriteAttempts ?? options.writeRetry?.maxAttempts ?? RECONCILE_DEFAULTS.maxWriteAttempts };
    const claimed = previous ? await deps.ledger.record(previous, pair, 'sending', ledgerEvent()) : await deps.ledger.claim(pair, ledgerEvent());
    if (!claimed) {
      return { final: Promise.resolve({ ...base, outcome: 'already-resynced', detail: 'Another run claimed this CTR version for this VoiceCall' }) };
    }
    let entry = claimed;
    try {
      // One retry policy: at most `policy.maxAttempts` PATCHes, each paced by the limiter.
      await writeWithRetry(deps.writer, row.Id, plan.fields, {
        policy,
        sleep,
        beforeAttempt: async () => {
          await limiter.acquire();
          patchesSent += 1;
        },
        onRetryable: (failure) => {
          if (failure.status === 429) limiter.onThrottle();
        },
      });
      limiter.onSuccess();
    } catch (error) {
      if (!(error instanceof VoiceCallWriteError && error.mayHaveBeenApplied)) {
        await deps.ledger.record(entry, pair, 'failed', ledgerEvent(errorOf(error).message));
        return { final: Promise.resolve({ ...base, outcome: 'failed', error: errorOf(error) }) };
      }
      // The request may have reached Salesforce: never resend on our own; verify instead.
      entry = await deps.ledger.record(entry, pair, 'sent', ledgerEvent(`answer lost: ${errorOf(error).message}`));
    }
    if (entry.state === 'sending') entry = await deps.ledger.record(entry, pair, 'sent', ledgerEvent());
    return { final: settleAfterLanding(row, plan.expected, entry, { ...base, outcome: 'resynced-confirmed' }, { ...base, outcome: 'resynced-unconfirmed', changes: plan.changes }) };
  };

  const handle = async (row: VoiceCallRow): Promise<RecordResult | Deferred> => {
    const base = { voiceCallId: row.Id, vendorCallKey: row.VendorCallKey };
    const key = row.VendorCallKey;
    if (!isValidContactId(key)) {
      return { ...base, outcome: 'no-archived-ctr', detail: key ? 'VendorCallKey is not a valid ContactId; nothing looked up' : 'VoiceCall has no VendorCallKey' };
    }
    const latest = await deps.archive.latest(key);
    const version = latest ? { ctr: latest.ctr, versionId: latest.version.versionId } : undefined;
    const previous = version ? await deps.ledger.get(row.Id, version.versionId) : undefined;
    const plan = planCandidate({ row, latest: version, ledger: previous, mode: options.mode, retryUnconfirmed: options.retryUnconfirmed ?? false, transformOptions: options.transformOptions });
    switch (plan.kind) {
      case 'no-archived-ctr':
        return { ...base, outcome: 'no-archived-ctr', detail: plan.detail };
      case 'excluded':
        return { ...base, outcome: 'excluded', ctrVersion: plan.versionId, rule: plan.rule, detail: plan.detail };
      case 'in-sync':
        return { ...base, outcome: 'in-sync', ctrVersion: plan.versionId };
      case 'already-resynced': {
        if (plan.landed || !plan.awaitLanding || options.dryRun) {
          if (plan.landed && previous && previous.state !== 'confirmed' && !options.dryRun) {
            await deps.ledger.record(previous, previous, 'confirmed', ledgerEvent('seen landed by a later run'));
          }
          return { ...base, outcome: 'already-resynced', ctrVersion: plan.versionId, ...(plan.landed ? {} : { changes: plan.changes, detail: 'An earlier PATCH of this version never landed; rerun with --retry-unconfirmed to send it again' }) };
        }
        // An earlier run stopped between sending and verifying: wait for that PATCH, don't resend it.
        if (!previous) throw new Error('awaitLanding without a ledger entry');
        const landedResult: RecordResult = { ...base, outcome: 'already-resynced', ctrVersion: plan.versionId };
        return { final: settleAfterLanding(row, plan.expected, previous, landedResult, { ...base, outcome: 'resynced-unconfirmed', ctrVersion: plan.versionId, changes: plan.changes }, 'verified after an interrupted run') };
      }
      case 'patch':
        if (options.dryRun) {
          // Every field the PATCH would set, with the VoiceCall's current value (unchanged ones too).
          const planned = (Object.entries(plan.expected) as [SyncedField, string | number][]).map(([field, expected]) => ({ field, current: row[field], expected }));
          return { ...base, outcome: 'would-resync', ctrVersion: plan.versionId, changes: planned, detail: `PATCH fields: ${Object.keys(plan.fields).join(', ')}` };
        }
        return send(row, plan, key, previous);
    }
  };

  try {
    for await (const row of deps.reader.candidates({ from: options.from, to, ...(options.mode === 'missing' ? { predicateSoql: options.predicateSoql } : {}) })) {
      await queue.onSizeLessThan(queue.concurrency * 4);
      const failed = (error: unknown): RecordResult => ({ voiceCallId: row.Id, vendorCallKey: row.VendorCallKey, outcome: 'failed', error: errorOf(error) });
      void queue.add(async () => {
        try {
          const result = await handle(row);
          if ('final' in result) settling.push(result.final.catch(failed).then(finish));
          else finish(result);
        } catch (error) {
          finish(failed(error));
        }
      });
    }
    await queue.onIdle();
    await Promise.all(settling);
  } finally {
    verifier.close();
    await verifying;
  }
  deps.log?.info('Reconcile run finished', { runId, ...summary, patchesSent });
  return {
    runId,
    mode: options.mode,
    dryRun: options.dryRun ?? false,
    window: { from: options.from.toISOString(), to: to.toISOString() },
    startedAt,
    finishedAt: now().toISOString(),
    summary: { ...summary, candidates: records.length, patchesSent },
    records,
  };
}

export { RECONCILE_DEFAULTS, runReconcile };
export type { ReconcileDeps, ReconcileOptions };
