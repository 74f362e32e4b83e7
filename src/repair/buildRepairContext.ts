import { randomUUID } from 'node:crypto';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { buildReconcileContext } from '../reconcile/buildReconcileContext.ts';
import { errorSummary } from '../reconcile/pacedWrite.ts';
import type { ReconcileMode } from '../reconcile/planCandidate.ts';
import type { ResyncLedger } from '../reconcile/ResyncLedger.ts';
import type { ReconcileContext } from '../reconcile/reconcileVoiceCall.ts';
import { RECONCILE_DEFAULTS } from '../reconcile/runReconcile.ts';
import type { VoiceCallReader } from '../ports/VoiceCallReader.ts';
import type { TransformOptions } from '../transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';

/** The ports one repair check uses (the batch run's own). */
interface RepairPorts {
  readonly reader: VoiceCallReader;
  readonly writer: VoiceCallWriter;
  readonly archive: Pick<CtrArchive, 'latest'>;
  readonly ledger: Pick<ResyncLedger, 'get' | 'save' | 'claim'>;
  readonly now?: () => Date;
  readonly elapsedMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onPollError?: (error: unknown) => void;
}

/** How one checker invocation writes and verifies. */
interface RepairRunOptions {
  readonly mode: ReconcileMode;
  /** PATCHes a second at most in this invocation (halved on 429). */
  readonly ratePerSecond: number;
  readonly verifyTimeoutMs: number;
  readonly verifyIntervalMs?: number;
  readonly maxWriteAttempts?: number;
  readonly transformOptions?: TransformOptions;
  readonly runId?: string;
}

/** A context plus the lifecycle of its landing verifier. */
interface RepairRun {
  readonly context: ReconcileContext;
  /** PATCH attempts so far. */
  patchesSent(): number;
  /** Stops the verifier once every watched PATCH has settled. */
  close(): Promise<void>;
}

/**
 * Builds the checker's {@link ReconcileContext} with {@link buildReconcileContext}, as `runReconcile`
 * does — the paced write on the one retry policy and rate limiter, the batching LandingVerifier, the
 * ledger and archive ports — so a repair check takes the same `reconcileVoiceCall` path as a batch
 * run, and starts its verifier.
 */
function buildRepairContext(ports: RepairPorts, options: RepairRunOptions): RepairRun {
  let patchesSent = 0;
  const { context, verifier } = buildReconcileContext(
    {
      reader: ports.reader,
      writer: ports.writer,
      archive: ports.archive,
      ledger: ports.ledger,
      now: ports.now ?? (() => new Date()),
      elapsedMs: ports.elapsedMs ?? (() => performance.now()),
      sleep: ports.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    },
    {
      flags: {
        mode: options.mode,
        dryRun: false,
        retryUnconfirmed: false,
        ...(options.transformOptions ? { transformOptions: options.transformOptions } : {}),
      },
      runId: options.runId ?? `repair-${randomUUID()}`,
      ratePerSecond: options.ratePerSecond,
      verifyTimeoutMs: options.verifyTimeoutMs,
      verifyIntervalMs: options.verifyIntervalMs ?? RECONCILE_DEFAULTS.verifyIntervalMs,
      writeRetry: { maxAttempts: options.maxWriteAttempts ?? RECONCILE_DEFAULTS.maxWriteAttempts },
    },
    { onAttempt: () => (patchesSent += 1), ...(ports.onPollError ? { onPollError: ports.onPollError } : {}) },
  );
  const verifying = verifier.run();
  return {
    context,
    patchesSent: () => patchesSent,
    close: async () => {
      verifier.close();
      await verifying;
    },
  };
}

export { buildRepairContext, errorSummary };
export type { RepairPorts, RepairRun, RepairRunOptions };
