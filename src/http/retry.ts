import { backoffDelayMs, resolveRetryPolicy, sleepMs, type RetryPolicy } from './backoff.ts';
import type { HttpFailure } from './classifyFailure.ts';

/**
 * What one attempt produced: a value, or a classified failure with the error to throw if no
 * further attempt is made. An attempt that *throws* is not retried (its error goes up as is).
 */
type AttemptResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: HttpFailure; readonly error: Error };

/** Options of {@link retry}. */
interface RetryOptions {
  /** Bounds and timing, merged over DEFAULT_RETRY_POLICY (5 attempts, 250 ms → 20 s, Retry-After ≤ 60 s). */
  readonly policy?: Partial<RetryPolicy>;
  /**
   * The request can be repeated without harm, so a failure that *may have been applied* (timeout,
   * lost answer) is sent again too. @default false: such a failure is never resent
   */
  readonly idempotent?: boolean;
  /** Awaited before every attempt, the first included (e.g. a rate limiter's `acquire`). */
  readonly beforeAttempt?: () => Promise<void>;
  /** Called for every failed attempt that the policy deems worth another try (e.g. halve the rate on a 429), even the last one. */
  readonly onRetryable?: (failure: HttpFailure) => void;
  /** Called before each wait, with the wait (for counters). */
  readonly onRetry?: (failure: HttpFailure, delayMs: number) => void;
  /** Test seams. @default a timer, Math.random */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Whether a failure is worth another attempt: retryable, or may-have-been-applied on an idempotent request. */
function worthRetrying(failure: HttpFailure, idempotent: boolean): boolean {
  return failure.retryable || (idempotent && failure.mayHaveBeenApplied);
}

/**
 * The project's one retry policy. Runs `attempt` until it succeeds, its failure is not worth
 * retrying, `policy.maxAttempts` attempts were made, or the server asks (`Retry-After`) for a
 * longer wait than `policy.maxRetryAfterMs` (then the last failure goes up at once, still
 * retryable, so the caller can schedule it later). The wait is the failure's `retryAfterMs`, or
 * full-jitter backoff `random() × min(maxDelayMs, baseDelayMs × 2^(n−1))` after attempt n.
 *
 * At most `policy.maxAttempts` calls of `attempt` are made.
 *
 * @param attempt - one try, given its number from 1
 * @param options - policy, idempotency, hooks and test seams
 * @returns the first successful value
 * @throws the last failed attempt's `error`, or whatever an attempt or hook threw
 * @throws TypeError for an invalid policy
 */
async function retry<T>(attempt: (n: number) => Promise<AttemptResult<T>>, options: RetryOptions = {}): Promise<T> {
  const policy = resolveRetryPolicy(options.policy);
  const idempotent = options.idempotent ?? false;
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n += 1) {
    await options.beforeAttempt?.();
    const result = await attempt(n);
    if (result.ok) return result.value;
    const { failure, error } = result;
    if (!worthRetrying(failure, idempotent)) throw error;
    options.onRetryable?.(failure);
    if (n >= policy.maxAttempts) throw error;
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) throw error;
    const delayMs = failure.retryAfterMs ?? backoffDelayMs(n, policy, random);
    options.onRetry?.(failure, delayMs);
    await sleep(delayMs);
  }
}

export { retry, worthRetrying };
export type { AttemptResult, RetryOptions };
