import type { RetryPolicy } from './backoff.ts';

/** Retry bounds, timeout and test seams shared by the fetch-based Salesforce clients. */
interface HttpCallOptions {
  /** Retry bounds for throttling, 5xx and network errors. @default DEFAULT_RETRY_POLICY (5 tries, 250 ms → 20 s, Retry-After ≤ 60 s) */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout, ms; a timeout counts as a network error. */
  readonly requestTimeoutMs?: number;
  /** Test seams. @default globalThis.fetch, a timer, Math.random, Date.now */
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

export type { HttpCallOptions };
