import { VoiceCallWriteError } from '../errors.ts';
import { DEFAULT_RETRY_POLICY } from '../http/backoff.ts';
import { retry, type RetryOptions } from '../http/retry.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';

/** Options of {@link writeWithRetry}: the one retry policy's options, never idempotent. */
type WriteRetryOptions = Omit<RetryOptions, 'idempotent'>;

/** The most `updateVoiceCall` attempts (so PATCHes or invokes) one {@link writeWithRetry} makes by default. */
const DEFAULT_MAX_WRITE_ATTEMPTS = DEFAULT_RETRY_POLICY.maxAttempts;

/**
 * Writes one VoiceCall through the one retry policy (src/http/retry.ts). Each attempt is one
 * `writer.updateVoiceCall` call, which sends exactly one PATCH (or one ITIA invoke), so this makes
 * **at most `policy.maxAttempts` PATCHes (5 by default)** for one VoiceCall.
 *
 * - `beforeAttempt` is awaited before every attempt, the first included (pass a rate limiter's
 *   `acquire`), and `onRetryable` sees every retryable failure (e.g. halve the rate on a 429).
 * - Only failures whose classification is `retryable` are retried: 429/500/502/503/504 and
 *   connections that never opened, honouring `Retry-After` up to `policy.maxRetryAfterMs`, else
 *   full-jitter backoff. A failure that `mayHaveBeenApplied` (timeout, lost answer) is never
 *   resent: it goes up at once for the caller to verify.
 *
 * @param writer - the VoiceCall writer (one attempt per call)
 * @param voiceCallId - the VoiceCall Id
 * @param fields - the PATCH body
 * @param options - policy, hooks, sleep/random seams
 * @throws VoiceCallWriteError of the last attempt (`retryable` still true when the attempts ran
 *   out or the Retry-After was too long; `mayHaveBeenApplied` when it must be verified)
 * @throws InvalidIdentifierError (or any other non-write error) from the writer, unretried
 *
 * @example
 * ```ts
 * await writeWithRetry(writer, row.Id, plan.fields, {
 *   beforeAttempt: () => limiter.acquire(),
 *   onRetryable: (failure) => { if (failure.status === 429) limiter.onThrottle(); },
 * });
 * ```
 */
function writeWithRetry(writer: VoiceCallWriter, voiceCallId: string, fields: TelephonyPatchFields, options: WriteRetryOptions = {}): Promise<void> {
  return retry(
    async () => {
      try {
        await writer.updateVoiceCall(voiceCallId, fields);
        return { ok: true, value: undefined };
      } catch (error) {
        if (error instanceof VoiceCallWriteError) return { ok: false, failure: error.failure, error };
        throw error;
      }
    },
    { ...options, idempotent: false },
  );
}

export { DEFAULT_MAX_WRITE_ATTEMPTS, writeWithRetry };
export type { WriteRetryOptions };
