/**
 * Retry timing of the one retry policy (src/http/retry.ts): exponential backoff with
 * full jitter (a uniformly random wait between 0 and the capped exponential bound), and
 * `Retry-After` parsing (delta-seconds or an HTTP date, RFC 9110 §10.2.3).
 */

/** How often and how long to retry a transient failure. */
interface RetryPolicy {
  /** Total tries, the first one included (1 = never retry). */
  readonly maxAttempts: number;
  /** Upper bound of the first backoff window, in ms; it doubles per attempt. */
  readonly baseDelayMs: number;
  /** Cap of the backoff window, in ms. */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails as retryable instead. */
  readonly maxRetryAfterMs: number;
}

/** Defaults: 5 tries, 250 ms doubling to at most 20 s, Retry-After honoured up to 60 s. */
const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 });

/**
 * Merges a partial policy over {@link DEFAULT_RETRY_POLICY} and validates it.
 *
 * @throws TypeError when a value is not a finite, non-negative number or maxAttempts is below 1
 */
function resolveRetryPolicy(partial?: Partial<RetryPolicy>, defaults: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  const policy = {
    maxAttempts: partial?.maxAttempts ?? defaults.maxAttempts,
    baseDelayMs: partial?.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: partial?.maxDelayMs ?? defaults.maxDelayMs,
    maxRetryAfterMs: partial?.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
  };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`Expected retry.${name} to be a finite number >= 0, got ${value}`);
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new TypeError(`Expected retry.maxAttempts to be an integer >= 1, got ${policy.maxAttempts}`);
  }
  return Object.freeze(policy);
}

/**
 * Full-jitter backoff: `random() * min(maxDelayMs, baseDelayMs * 2^(attempt - 1))`.
 *
 * @param attempt - the attempt that just failed, from 1
 * @param policy - the retry policy
 * @param random - a source of numbers in [0, 1), `Math.random` by default
 * @returns the wait in whole milliseconds
 */
function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * bound);
}

/**
 * Parses a `Retry-After` header value.
 *
 * @param value - the header value (`"120"` or `"Wed, 21 Oct 2015 07:28:00 GMT"`), or null
 * @param nowMs - the current time in epoch ms (for the HTTP-date form)
 * @returns the wait in ms (0 for a date in the past), or undefined when absent or unparsable
 */
function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The default `sleep`: a timer-based wait. */
function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, resolveRetryPolicy, sleepMs };
export type { RetryPolicy };
