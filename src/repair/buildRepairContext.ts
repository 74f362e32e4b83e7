import { randomUUID } from 'node:crypto';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { AdaptiveRateLimiter } from '../reconcile/AdaptiveRateLimiter.ts';
import { LandingVerifier } from '../reconcile/LandingVerifier.ts';
import { createPacedWrite, errorSummary } from '../reconcile/pacedWrite.ts';
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
 * Builds a {@link ReconcileContext} exactly as `runReconcile` does — the paced write on the one
 * retry policy and rate limiter, the batching LandingVerifier, the ledger and archive ports, the
 * flags — so a repair check takes the same `reconcileVoiceCall` path as a batch run. (Duplicated
 * from runReconcile's body; see the report: it belongs in src/reconcile as a shared builder.)
 */
function buildRepairContext(ports: RepairPorts, options: RepairRunOptions): RepairRun {
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const elapsedMs = ports.elapsedMs ?? (() => performance.now());
  let patchesSent = 0;
  const verifier = new LandingVerifier(ports.reader, {
    timeoutMs: options.verifyTimeoutMs,
    intervalMs: options.verifyIntervalMs ?? RECONCILE_DEFAULTS.verifyIntervalMs,
    now: elapsedMs,
    sleep,
    ...(ports.onPollError ? { onPollError: ports.onPollError } : {}),
  });
  const context: ReconcileContext = {
    archive: ports.archive,
    ledger: ports.ledger,
    write: createPacedWrite({
      writer: ports.writer,
      limiter: new AdaptiveRateLimiter(options.ratePerSecond, elapsedMs, sleep),
      policy: { maxAttempts: options.maxWriteAttempts ?? RECONCILE_DEFAULTS.maxWriteAttempts },
      sleep,
      onAttempt: () => (patchesSent += 1),
    }),
    awaitLanding: (voiceCallId, expected) => verifier.watch(voiceCallId, expected),
    flags: {
      mode: options.mode,
      dryRun: false,
      retryUnconfirmed: false,
      ...(options.transformOptions ? { transformOptions: options.transformOptions } : {}),
    },
    runId: options.runId ?? `repair-${randomUUID()}`,
    now: ports.now ?? (() => new Date()),
  };
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
