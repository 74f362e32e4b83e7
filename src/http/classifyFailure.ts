import { neverReachedServer } from './neverReachedServer.ts';

/**
 * How a failed HTTP (or Lambda invoke) attempt ended, classified once where it happened. Every
 * retry decision reads this value; no caller re-derives it from a status or an error code.
 *
 * - `retryable`: another attempt may succeed **and** cannot apply the request twice (the server
 *   refused it, or it never reached the server).
 * - `mayHaveBeenApplied`: the request may have reached the server and been acted on (a timeout
 *   or an answer lost after sending). Such a failure is never retryable; only a caller whose
 *   request is idempotent may send it again (`retry(..., { idempotent: true })`). A
 *   non-idempotent Telephony API PATCH must be verified instead.
 */
interface HttpFailure {
  /** `status`: the server answered non-2xx; the others are failures without a (whole) answer. */
  readonly kind: 'status' | 'not-connected' | 'timeout' | 'lost-answer';
  readonly retryable: boolean;
  readonly mayHaveBeenApplied: boolean;
  /** The server's `Retry-After`, in ms, when it sent a usable one. */
  readonly retryAfterMs?: number;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
}

/** Statuses that mean "refused for now, try again": throttling and transient server/gateway errors. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Classifies a non-2xx answer: 429, 500, 502, 503 and 504 are retryable and were not applied
 * (the Telephony API documents 500 for transient errors); 401, 403 and every other status are
 * not retryable.
 *
 * @param status - the HTTP status
 * @param retryAfterMs - the parsed `Retry-After`, if any
 */
function classifyStatus(status: number, retryAfterMs?: number): HttpFailure {
  return {
    kind: 'status',
    status,
    retryable: RETRYABLE_STATUSES.has(status),
    mayHaveBeenApplied: false,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** True when the error or one of its causes is a timeout (`AbortSignal.timeout`, SDK timeouts). */
function isTimeout(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return true;
  }
  return false;
}

/**
 * Classifies a failure without a whole answer: a connection that never opened (ECONNREFUSED,
 * ENOTFOUND, EAI_AGAIN, UND_ERR_CONNECT_TIMEOUT) is retryable and was not applied; a timeout or
 * any other failure after the request may have left (reset, dropped socket, body cut off) may
 * have been applied and is not retryable.
 *
 * @param error - what fetch (or the SDK) threw
 */
function classifyNetworkError(error: unknown): HttpFailure {
  if (neverReachedServer(error)) return { kind: 'not-connected', retryable: true, mayHaveBeenApplied: false };
  return { kind: isTimeout(error) ? 'timeout' : 'lost-answer', retryable: false, mayHaveBeenApplied: true };
}

/** A short phrase for messages: `timed out`, `could not connect`, `lost its answer`, `failed with HTTP 503`. */
function describeFailure(failure: HttpFailure): string {
  switch (failure.kind) {
    case 'status':
      return `failed with HTTP ${failure.status}`;
    case 'not-connected':
      return 'could not connect';
    case 'timeout':
      return 'timed out';
    case 'lost-answer':
      return 'lost its answer';
  }
}

export { classifyNetworkError, classifyStatus, describeFailure, isTimeout, RETRYABLE_STATUSES };
export type { HttpFailure };
