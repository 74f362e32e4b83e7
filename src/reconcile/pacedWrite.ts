import { CtrResyncError, VoiceCallWriteError } from '../errors.ts';
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

/** The stable code and message of an error, for reports and ledger details. */
function errorSummary(error: unknown): { code: string; message: string } {
  if (error instanceof CtrResyncError) return { code: error.code, message: error.message };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Builds the run's write step: every attempt waits for the rate limiter, a throttled or unsent
 * attempt is retried with backoff and slows the whole run down, and an attempt whose answer was
 * lost is never resent (it may have been applied; verification settles it).
 */
function createPacedWrite(options: PacedWriteOptions): (voiceCallId: string, fields: TelephonyPatchFields) => Promise<WriteOutcome> {
  const { writer, limiter, maxAttempts, sleep } = options;
  return async (voiceCallId, fields) => {
    for (let attempt = 1; ; attempt += 1) {
      await limiter.acquire();
      try {
        options.onAttempt?.();
        await writer.updateVoiceCall(voiceCallId, fields);
        limiter.onSuccess();
        return { kind: 'accepted' };
      } catch (error) {
        const refused = !(error instanceof VoiceCallWriteError) || error.status !== undefined || neverReachedServer(error);
        if (!refused) return { kind: 'answer-lost', detail: `answer lost: ${errorSummary(error).message}` };
        const status = error instanceof VoiceCallWriteError ? error.status : undefined;
        if ((status === 429 || status === 503 || status === undefined) && error instanceof VoiceCallWriteError && attempt < maxAttempts) {
          limiter.onThrottle();
          await sleep(1000 * 2 ** (attempt - 1));
          continue;
        }
        return { kind: 'refused', error: errorSummary(error) };
      }
    }
  };
}

export { createPacedWrite, errorSummary };
export type { PacedWriteOptions };
