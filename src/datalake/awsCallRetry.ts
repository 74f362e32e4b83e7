import type { HttpFailure } from '../http/classifyFailure.ts';
import { backoffDelayMs } from '../http/backoff.ts';
import { retry } from '../http/retry.ts';
import { AwsThrottledError, DataLakeSourceError } from './dataLakeErrors.ts';

/** Retry bounds for throttled AWS calls (the one retry policy's fields: full-jitter exponential backoff). */
interface ThrottleRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** AWS error names that mean "slow down" (Athena uses both; Connect answers 429 ThrottlingException). */
const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'RequestLimitExceeded',
]);

/** True for an AWS SDK error that is throttling (by name or HTTP 429). */
function isThrottling(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return (typeof e?.name === 'string' && THROTTLING_ERROR_NAMES.has(e.name)) || e?.$metadata?.httpStatusCode === 429;
}

/** The backoff bound before attempt `attempt + 1` (attempt counts from 1): the one retry policy's window. */
function backoffDelay(policy: ThrottleRetryPolicy, attempt: number): number {
  return backoffDelayMs(attempt, policy, () => 1);
}

/**
 * Runs one AWS call through the project's one retry function (src/http/retry.ts): throttling is
 * the only failure retried, with the policy's backoff; every other AWS error is wrapped at once.
 *
 * @param service - which service, for the error
 * @param operation - the AWS operation name, for the error
 * @param call - the call (run once per attempt)
 * @param policy - attempts and delays
 * @param sleep - how to wait (tests pass a recording fake)
 * @param random - the backoff's jitter source in [0, 1) (tests pass `() => 1` for the full window)
 * @throws AwsThrottledError when every attempt was throttled
 * @throws DataLakeSourceError for any other AWS error
 */
async function withThrottleRetry<T>(
  service: 'athena' | 'connect',
  operation: string,
  call: () => Promise<T>,
  policy: ThrottleRetryPolicy,
  sleep: (ms: number) => Promise<void>,
  random: () => number = Math.random,
): Promise<T> {
  return retry(
    async (attempt) => {
      try {
        return { ok: true, value: await call() };
      } catch (error) {
        if (isThrottling(error))
          return { ok: false, failure: THROTTLED, error: new AwsThrottledError(service, operation, attempt, { cause: error }) };
        if (error instanceof Error && '$metadata' in error)
          throw new DataLakeSourceError(service, operation, error.name, error.message, { cause: error });
        throw error;
      }
    },
    { policy, idempotent: true, sleep, random },
  );
}

/** How a throttled AWS call is classified for the retry function. */
const THROTTLED: HttpFailure = Object.freeze({ kind: 'status', status: 429, retryable: true, mayHaveBeenApplied: false });

/** `setTimeout` as a promise. */
function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { backoffDelay, defaultSleep, isThrottling, withThrottleRetry };
export type { ThrottleRetryPolicy };
