import { AwsThrottledError, DataLakeSourceError } from './dataLakeErrors.ts';

/** Retry policy for throttled AWS calls: exponential backoff, no jitter (deterministic). */
interface ThrottleRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** AWS error names that mean "slow down" (Athena uses both; Connect answers 429 ThrottlingException). */
const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded']);

/** True for an AWS SDK error that is throttling (by name or HTTP 429). */
function isThrottling(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return (typeof e?.name === 'string' && THROTTLING_ERROR_NAMES.has(e.name)) || e?.$metadata?.httpStatusCode === 429;
}

/** Backoff before attempt `attempt + 1` (attempt counts from 1). */
function backoffDelay(policy: ThrottleRetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Runs one AWS call, retrying throttling with backoff; wraps every other AWS error.
 *
 * @param service - which service, for the error
 * @param operation - the AWS operation name, for the error
 * @param call - the call (run once per attempt)
 * @param policy - attempts and delays
 * @param sleep - how to wait (tests pass a recording fake)
 * @throws AwsThrottledError when every attempt was throttled
 * @throws DataLakeSourceError for any other AWS error
 */
async function withThrottleRetry<T>(
  service: 'athena' | 'connect',
  operation: string,
  call: () => Promise<T>,
  policy: ThrottleRetryPolicy,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error)) {
        if (error instanceof Error && '$metadata' in error) {
          throw new DataLakeSourceError(service, operation, error.name, error.message, { cause: error });
        }
        throw error;
      }
      if (attempt >= policy.maxAttempts) throw new AwsThrottledError(service, operation, attempt, { cause: error });
      await sleep(backoffDelay(policy, attempt));
    }
  }
}

/** `setTimeout` as a promise. */
function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { backoffDelay, defaultSleep, isThrottling, withThrottleRetry };
export type { ThrottleRetryPolicy };
