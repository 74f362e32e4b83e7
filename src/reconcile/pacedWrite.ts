import { CtrResyncError, DependencyRefusedError, VoiceCallWriteError } from '../errors.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import { neverReachedServer } from '../writers/neverReachedServer.ts';
import type { VoiceCallWriter } from '../writers/VoiceCallWriter.ts';
import type { AdaptiveRateLimiter } from './AdaptiveRateLimiter.ts';
import type { WriteOutcome } from './reconcileVoiceCall.ts';

/** What the write step needs. */
interface PacedWriteOptions {
  readonly writer: VoiceCallWriter;
  readonly limiter: AdaptiveRateLimiter;
  /** Attempts per PATCH refused with 429/503 or never sent before it counts as failed. */
  readonly maxAttempts: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Called before every HTTP attempt (for the run's `patchesSent`). */
  readonly onAttempt?: () => void;
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
 * Builds the run's write step: every attempt waits for the rate limiter, a throttled or unsent
 * attempt is retried with backoff and slows the whole run down, and an attempt whose answer was
 * lost is never resent (it may have been applied; verification settles it). An authentication
 * refusal (401/403), or {@link MAX_CONSECUTIVE_UNREACHABLE} PATCHes in a row that never reached the
 * server, is answered with `stopRun`: every later PATCH would fail the same way.
 */
function createPacedWrite(options: PacedWriteOptions): (voiceCallId: string, fields: TelephonyPatchFields) => Promise<WriteOutcome> {
  const { writer, limiter, maxAttempts, sleep } = options;
  let unreachableInARow = 0;
  const refused = (error: unknown): WriteOutcome => {
    const status = error instanceof VoiceCallWriteError ? error.status : undefined;
    unreachableInARow = status === undefined && neverReachedServer(error) ? unreachableInARow + 1 : 0;
    const summary = errorSummary(error);
    if (status === 401 || status === 403) {
      const message = `The Telephony API refused our credentials (HTTP ${status}): check that ${TELEPHONY_AUTH_SETTINGS.join(', ')} match the contact center's CallCenter record`;
      return { kind: 'refused', error: summary, stopRun: new DependencyRefusedError('telephony-api', TELEPHONY_AUTH_SETTINGS, message, { cause: error }) };
    }
    if (unreachableInARow >= MAX_CONSECUTIVE_UNREACHABLE) {
      const message = `The Telephony API could not be reached for ${unreachableInARow} PATCHes in a row (${summary.message}): check SCRT_BASE_URL and the network`;
      return { kind: 'refused', error: summary, stopRun: new DependencyRefusedError('telephony-api', ['SCRT_BASE_URL'], message, { cause: error }) };
    }
    return { kind: 'refused', error: summary };
  };
  return async (voiceCallId, fields) => {
    for (let attempt = 1; ; attempt += 1) {
      await limiter.acquire();
      try {
        options.onAttempt?.();
        await writer.updateVoiceCall(voiceCallId, fields);
        limiter.onSuccess();
        unreachableInARow = 0;
        return { kind: 'accepted' };
      } catch (error) {
        const notSent = !(error instanceof VoiceCallWriteError) || error.status !== undefined || neverReachedServer(error);
        if (!notSent) return { kind: 'answer-lost', detail: `answer lost: ${errorSummary(error).message}` };
        const status = error instanceof VoiceCallWriteError ? error.status : undefined;
        if ((status === 429 || status === 503 || status === undefined) && error instanceof VoiceCallWriteError && attempt < maxAttempts) {
          limiter.onThrottle();
          await sleep(1000 * 2 ** (attempt - 1));
          continue;
        }
        return refused(error);
      }
    }
  };
}

export { createPacedWrite, errorSummary, MAX_CONSECUTIVE_UNREACHABLE };
export type { PacedWriteOptions };
