import { parseRetryAfterMs, resolveRetryPolicy, sleepMs, type RetryPolicy } from './backoff.ts';
import { classifyNetworkError, classifyStatus, type HttpFailure } from './classifyFailure.ts';
import { retry, type AttemptResult, type RetryOptions } from './retry.ts';

/** Retry bounds, timeout and test seams of every fetch-based client (SalesforceClient, the Telephony API writer). */
interface HttpTransportOptions {
  /** Retry bounds for the calls that are retried. @default DEFAULT_RETRY_POLICY (5 attempts, 250 ms → 20 s, Retry-After ≤ 60 s) */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout in ms, body included; a timeout may have been applied. */
  readonly requestTimeoutMs?: number;
  /** Test seams. @default globalThis.fetch, a timer, Math.random, Date.now */
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

/** One HTTP request; the body is already serialised. */
interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A whole answer: status, headers and body text. */
interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** One exchange: a 2xx answer, or a classified failure (with the answer when there was one). */
type HttpOutcome =
  | { readonly ok: true; readonly answer: HttpAnswer }
  | { readonly ok: false; readonly failure: HttpFailure; readonly answer?: HttpAnswer; readonly cause?: unknown };

/**
 * The one HTTP transport: `fetch` with a per-request timeout that covers reading the body,
 * `Retry-After` parsing, and the classification of every failure ({@link HttpFailure}); plus
 * {@link HttpTransport.retry}, the one retry policy bound to this transport's seams.
 */
class HttpTransport {
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;

  /**
   * @param options - policy, timeout, seams
   * @param defaultTimeoutMs - the timeout when `options.requestTimeoutMs` is absent
   * @throws TypeError for a non-positive timeout or an invalid policy
   */
  public constructor(options: HttpTransportOptions, defaultTimeoutMs: number) {
    this.#policy = resolveRetryPolicy(options.retry);
    this.#timeoutMs = options.requestTimeoutMs ?? defaultTimeoutMs;
    if (!Number.isFinite(this.#timeoutMs) || this.#timeoutMs <= 0) throw new TypeError('Expected `requestTimeoutMs` to be a positive number');
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? sleepMs;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** The resolved retry policy. */
  public get policy(): RetryPolicy {
    return this.#policy;
  }

  /** The clock seam, epoch ms. */
  public now(): number {
    return this.#now();
  }

  /**
   * Sends one request (no retry) and reads the whole body.
   *
   * @returns the answer, or the failure classified once: by status, or as not connected,
   *   timed out or lost (see {@link classifyStatus}, {@link classifyNetworkError})
   */
  public async send(request: HttpRequest): Promise<HttpOutcome> {
    let status: number | undefined;
    try {
      const response = await this.#fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      const answer: HttpAnswer = { status: response.status, headers: response.headers, text: await response.text() };
      if (response.ok) return { ok: true, answer };
      return { ok: false, failure: classifyStatus(answer.status, parseRetryAfterMs(answer.headers.get('retry-after'), this.#now())), answer };
    } catch (cause) {
      const failure = classifyNetworkError(cause);
      return { ok: false, failure: status === undefined ? failure : { ...failure, status }, cause };
    }
  }

  /**
   * {@link retry} with this transport's policy (merged under `options.policy`), sleep and random.
   *
   * @throws the last attempt's error (see {@link retry})
   */
  public retry<T>(attempt: (n: number) => Promise<AttemptResult<T>>, options: Omit<RetryOptions, 'sleep' | 'random'> = {}): Promise<T> {
    return retry(attempt, { ...options, policy: { ...this.#policy, ...options.policy }, sleep: this.#sleep, random: this.#random });
  }
}

export { HttpTransport };
export type { HttpAnswer, HttpOutcome, HttpRequest, HttpTransportOptions };
