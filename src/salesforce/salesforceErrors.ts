import { SalesforceApiError } from '../errors.ts';
import { classifyStatus, type HttpFailure } from '../http/classifyFailure.ts';
import { redactPhoneNumbers } from '../logging/redact.ts';

const MAX_MESSAGE_LENGTH = 300;

/**
 * Salesforce's answers to a query it refuses (an unknown or unfilterable field, bad syntax). Their
 * message echoes the query around the error (`ERROR at Row:1:Column:...` then `No such column...`),
 * so it is kept up to {@link MAX_QUERY_MESSAGE_LENGTH} characters: the explanation comes last.
 */
const QUERY_ERROR_CODES: ReadonlySet<string> = new Set(['INVALID_FIELD', 'MALFORMED_QUERY', 'INVALID_QUERY_FILTER_OPERATOR', 'INVALID_TYPE']);
const MAX_QUERY_MESSAGE_LENGTH = 4000;

/** Salesforce's error code and message out of an error body, if it carries one. */
interface ErrorBody {
  readonly errorCode: string | undefined;
  readonly message: string | undefined;
}

/**
 * Reads the two error shapes Salesforce uses: REST `[{"errorCode","message"}]` and OAuth
 * `{"error","error_description"}` (also a single `{"errorCode","message"}` object).
 */
function parseErrorBody(text: string): ErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { errorCode: undefined, message: undefined };
  }
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (first === null || typeof first !== 'object') return { errorCode: undefined, message: undefined };
  const record = first as Record<string, unknown>;
  const code = record.errorCode ?? record.error;
  const message = record.message ?? record.error_description;
  return {
    errorCode: typeof code === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(code) ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/** A message safe for logs: phone numbers masked, control characters dropped, length capped. */
function safeMessage(message: string, maxLength = MAX_MESSAGE_LENGTH): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses or strips
  const clean = redactPhoneNumbers(message).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}

/**
 * Maps a non-2xx answer to a {@link SalesforceApiError} carrying Salesforce's errorCode (or
 * `HTTP_<status>`) and the transport's classification: 429 and 500/502/503/504 are retryable;
 * 403 `REQUEST_LIMIT_EXCEEDED` and other 4xx are not.
 *
 * @param what - what was being done, e.g. `GET /query`
 * @param status - the HTTP status
 * @param bodyText - the response body
 * @param failure - the classification (by default from the status alone)
 */
function errorFromResponse(what: string, status: number, bodyText: string, failure: HttpFailure = classifyStatus(status)): SalesforceApiError {
  const { errorCode, message } = parseErrorBody(bodyText);
  const code = errorCode ?? `HTTP_${status}`;
  const hint = code === 'REQUEST_LIMIT_EXCEEDED' ? ' (the org is out of API requests; wait for the 24 h window or raise the limit)' : '';
  const detail = message ? `: ${safeMessage(message, QUERY_ERROR_CODES.has(code) ? MAX_QUERY_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH)}` : '';
  return new SalesforceApiError(code, `${what} failed with HTTP ${status} ${code}${detail}${hint}`, {
    status,
    retryable: failure.retryable,
    failure,
  });
}

/**
 * Maps a failure without a whole answer (connection refused or reset, DNS, timeout, body cut
 * off) to a `NETWORK_ERROR`. It is `retryable` (for an idempotent call) even when it may have
 * been applied; `mayHaveBeenApplied` tells the two apart.
 */
function networkError(what: string, error: unknown, failure: HttpFailure): SalesforceApiError {
  const cause =
    error instanceof Error && error.cause instanceof Error ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})` : '';
  const kind = failure.kind === 'timeout' ? 'timed out' : `failed before a response${cause}`;
  return new SalesforceApiError(
    'NETWORK_ERROR',
    `${what} ${kind}`,
    { retryable: failure.retryable || failure.mayHaveBeenApplied, failure },
    { cause: error },
  );
}

export { errorFromResponse, networkError, parseErrorBody, QUERY_ERROR_CODES, safeMessage };
export type { ErrorBody };
