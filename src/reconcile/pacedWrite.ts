import { CtrResyncError, DependencyRefusedError, VoiceCallWriteError } from '../errors.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import type { RetryPolicy } from '../http/backoff.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';
import { writeWithRetry } from '../writers/writeWithRetry.ts';
import type { AdaptiveRateLimiter } from './AdaptiveRateLimiter.ts';
import type { WriteOutcome } from './reconcileVoiceCall.ts';

/** What the write step needs. */
interface PacedWriteOptions {
  readonly writer: VoiceCallWriter;
  readonly limiter: AdaptiveRateLimiter;
  /** The one retry policy's bounds for PATCHes; `maxAttempts` is the most PATCHes one VoiceCall can cause. */
  readonly policy: Partial<RetryPolicy>;
  readonly sleep: (ms: number) => Promise<void>;
  /** Called before every HTTP attempt (for the run's `patchesSent`). */
  readonly onAttempt?: () => void;
  /** Told how each PATCH went (for `--verbose` logs): an Id, a kind, an HTTP status or error code; never a value. */
  readonly onEvent?: (event: WriteEvent) => void;
}

/** What became of a PATCH: each retryable failure (retried unless the attempts are spent), then the final answer. */
interface WriteEvent {
  readonly kind: 'accepted' | 'retryable' | 'refused' | 'answer-lost';
  readonly voiceCallId: string;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** The failure's kind (`status`, `not-connected`, `timeout`, `lost-answer`) or error code. */
  readonly reason?: string;
}

/** Consecutive PATCHes that never reached the server (after their retries) before the run stops. */
const MAX_CONSECUTIVE_UNREACHABLE = 3;
const TELEPHONY_AUTH_SETTINGS = ['SCV_ORG_ID', 'SCV_CALL_CENTER_API_NAME', 'SCV_PRIVATE_KEY_FILE'] as const;

/** The stable code and message of an error, for reports and ledger details. */
function errorSummary(error: unknown): { code: string; message: string } {
  if (error instanceof CtrResyncError) return { code: error.code, message: error.message };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Builds the run's write step on the one retry policy (`writeWithRetry`): every attempt waits for
 * the rate limiter, a 429 slows the whole run down, and a PATCH whose answer was lost is never
 * resent (it may have been applied; verification settles it). An authentication refusal (401/403),
 * or {@link MAX_CONSECUTIVE_UNREACHABLE} PATCHes in a row that never reached the server, is
 * answered with `stopRun`: every later PATCH would fail the same way.
 */
function createPacedWrite(options: PacedWriteOptions): (voiceCallId: string, fields: TelephonyPatchFields) => Promise<WriteOutcome> {
  const { writer, limiter, policy, sleep } = options;
  let unreachableInARow = 0;
  const refused = (error: unknown): WriteOutcome => {
    const failure = error instanceof VoiceCallWriteError ? error.failure : undefined;
    unreachableInARow = failure?.kind === 'not-connected' ? unreachableInARow + 1 : 0;
    const summary = errorSummary(error);
    if (failure?.status === 401 || failure?.status === 403) {
      const message = `The Telephony API refused our credentials (HTTP ${failure.status}): check that ${TELEPHONY_AUTH_SETTINGS.join(', ')} match the contact center's CallCenter record`;
      return {
        kind: 'refused',
        error: summary,
        stopRun: new DependencyRefusedError('telephony-api', TELEPHONY_AUTH_SETTINGS, message, { cause: error }),
      };
    }
    if (unreachableInARow >= MAX_CONSECUTIVE_UNREACHABLE) {
      const message = `The Telephony API could not be reached for ${unreachableInARow} PATCHes in a row (${summary.message}): check SCRT_BASE_URL and the network`;
      return { kind: 'refused', error: summary, stopRun: new DependencyRefusedError('telephony-api', ['SCRT_BASE_URL'], message, { cause: error }) };
    }
    return { kind: 'refused', error: summary };
  };
  const tell = (kind: WriteEvent['kind'], voiceCallId: string, error?: unknown): void => {
    if (!options.onEvent) return;
    const failure = error instanceof VoiceCallWriteError ? error.failure : undefined;
    const reason = failure?.kind ?? (error === undefined ? undefined : errorSummary(error).code);
    options.onEvent({
      kind,
      voiceCallId,
      ...(failure?.status === undefined ? {} : { status: failure.status }),
      ...(reason === undefined ? {} : { reason }),
    });
  };
  return async (voiceCallId, fields) => {
    try {
      await writeWithRetry(writer, voiceCallId, fields, {
        policy,
        sleep,
        beforeAttempt: async () => {
          await limiter.acquire();
          options.onAttempt?.();
        },
        onRetryable: (failure) => {
          if (failure.status === 429) limiter.onThrottle();
          options.onEvent?.({
            kind: 'retryable',
            voiceCallId,
            ...(failure.status === undefined ? {} : { status: failure.status }),
            reason: failure.kind,
          });
        },
      });
      tell('accepted', voiceCallId);
      limiter.onSuccess();
      unreachableInARow = 0;
      return { kind: 'accepted' };
    } catch (error) {
      if (!(error instanceof VoiceCallWriteError && error.mayHaveBeenApplied)) {
        tell('refused', voiceCallId, error);
        return refused(error);
      }
      tell('answer-lost', voiceCallId, error);
      unreachableInARow = 0;
      return { kind: 'answer-lost', detail: `answer lost: ${errorSummary(error).message}` };
    }
  };
}

export { createPacedWrite, errorSummary, MAX_CONSECUTIVE_UNREACHABLE };
export type { PacedWriteOptions, WriteEvent };
