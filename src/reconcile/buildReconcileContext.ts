import type { RetryPolicy } from '../http/backoff.ts';
import type { VoiceCallReader } from '../ports/VoiceCallReader.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';
import { AdaptiveRateLimiter } from './AdaptiveRateLimiter.ts';
import { LandingVerifier, type VerifyPoll } from './LandingVerifier.ts';
import { createPacedWrite, type WriteEvent } from './pacedWrite.ts';
import type { PlanFlags } from './planCandidate.ts';
import type { ReconcileContext } from './reconcileVoiceCall.ts';

/** The ports and clocks a context is built on. */
interface ContextPorts {
  readonly reader: VoiceCallReader;
  readonly writer: VoiceCallWriter;
  readonly archive: ReconcileContext['archive'];
  readonly ledger: ReconcileContext['ledger'];
  /** Wall clock (ledger timestamps). */
  readonly now: () => Date;
  /** Monotonic milliseconds (rate limiting, verify timeouts). */
  readonly elapsedMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** How the context writes and verifies. */
interface ContextSettings {
  readonly flags: PlanFlags;
  readonly runId: string;
  /** The PATCH budget: requests a second at most in any one-second window (halved on a 429 storm). */
  readonly ratePerSecond: number;
  readonly verifyTimeoutMs: number;
  readonly verifyIntervalMs: number;
  /** The one retry policy's bounds for PATCHes; `maxAttempts` is the most PATCHes one VoiceCall can cause. */
  readonly writeRetry: Partial<RetryPolicy> & { readonly maxAttempts: number };
  readonly decisions?: ReconcileContext['decisions'];
}

/** What the caller is told as the context works (counters, progress, `--verbose`). */
interface ContextHooks {
  readonly onAttempt?: () => void;
  readonly onWriteEvent?: (event: WriteEvent) => void;
  readonly onPoll?: (poll: VerifyPoll) => void;
  readonly onPollError?: (error: unknown) => void;
}

/**
 * Builds the {@link ReconcileContext} that every path reconciles through — the batch run, the
 * repair checker, `--contact-id`: the paced write on the one retry policy and one rate limiter, the
 * batching LandingVerifier, the ledger and archive ports and the flags. The caller owns the
 * verifier's lifecycle (`run()` it, tell it `writesDone()`, `close()` it).
 */
function buildReconcileContext(
  ports: ContextPorts,
  settings: ContextSettings,
  hooks: ContextHooks = {},
): { readonly context: ReconcileContext; readonly verifier: LandingVerifier } {
  const verifier = new LandingVerifier(ports.reader, {
    timeoutMs: settings.verifyTimeoutMs,
    intervalMs: settings.verifyIntervalMs,
    now: ports.elapsedMs,
    sleep: ports.sleep,
    ...(hooks.onPollError ? { onPollError: hooks.onPollError } : {}),
    ...(hooks.onPoll ? { onPoll: hooks.onPoll } : {}),
  });
  const context: ReconcileContext = {
    archive: ports.archive,
    ledger: ports.ledger,
    write: createPacedWrite({
      writer: ports.writer,
      limiter: new AdaptiveRateLimiter(settings.ratePerSecond, ports.elapsedMs, ports.sleep),
      policy: settings.writeRetry,
      sleep: ports.sleep,
      ...(hooks.onAttempt ? { onAttempt: hooks.onAttempt } : {}),
      ...(hooks.onWriteEvent ? { onEvent: hooks.onWriteEvent } : {}),
    }),
    awaitLanding: (voiceCallId, expected) => verifier.watch(voiceCallId, expected),
    flags: settings.flags,
    ...(settings.decisions ? { decisions: settings.decisions } : {}),
    runId: settings.runId,
    now: ports.now,
  };
  return { context, verifier };
}

export { buildReconcileContext };
export type { ContextHooks, ContextPorts, ContextSettings };
