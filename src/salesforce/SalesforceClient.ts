import type { KeyObject } from 'node:crypto';
import { SalesforceApiError } from '../errors.ts';
import { HttpTransport, type HttpAnswer, type HttpTransportOptions } from '../http/HttpTransport.ts';
import type { AttemptResult } from '../http/retry.ts';
import { parseTokenResponse, tokenRequestBody, validateAuth, type AccessToken, type SalesforceAuth } from './accessToken.ts';
import { validateHttpBaseUrl } from './httpBaseUrl.ts';
import { API_VERSION_PATTERN as API_VERSION } from '../validation/apiVersion.ts';
import { loadRsaPrivateKey } from './jwt.ts';
import { errorFromResponse, networkError } from './salesforceErrors.ts';

/** HTTP methods the client sends. */
type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD';

/** Options of {@link SalesforceClient}; `requestTimeoutMs` defaults to 60000. */
interface SalesforceClientOptions extends HttpTransportOptions {
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or the org's My Domain URL. */
  readonly loginUrl: string;
  /** REST API version such as `61.0` (a `v` prefix is accepted). */
  readonly apiVersion: string;
  /** JWT bearer or client credentials. */
  readonly auth: SalesforceAuth;
}

/** Options of one REST call. */
interface RequestOptions {
  /** JSON-serialisable body. */
  readonly body?: unknown;
  /** Extra headers (Authorization and Content-Type are set by the client). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Retry 429/5xx/network errors. @default true except for POST */
  readonly idempotent?: boolean;
}

/** Counters for benchmarks and logs. */
interface SalesforceClientStats {
  /** HTTP attempts per method (retries and replays included), token calls excluded. */
  readonly requests: Readonly<Record<string, number>>;
  /** Calls to `/services/oauth2/token`. */
  readonly tokenRequests: number;
  /** Waits before a retry. */
  readonly retries: number;
  /** Replays after a 401 (INVALID_SESSION_ID). */
  readonly sessionRefreshes: number;
  /** The last `Sforce-Limit-Info: api-usage=used/limit` seen. */
  readonly apiUsage: { readonly used: number; readonly limit: number } | undefined;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const MIN_BATCH_SIZE = 200;
const MAX_BATCH_SIZE = 2_000;
const MAX_SOQL_LENGTH = 100_000;
const SAFE_PATH = /^\/services\/[A-Za-z0-9_.\-/]*(\?[A-Za-z0-9_.~\-%&=+*,:@!$'()]*)?$/;

/**
 * A small Salesforce REST client over Node's global `fetch` (why not jsforce: docs/salesforce-client.md).
 *
 * - Auth: OAuth 2.0 JWT bearer (RS256 via node:crypto) or client credentials; the token is cached
 *   and a 401 refreshes it once for all concurrent callers (single flight), then replays the call.
 * - Retries idempotent calls through the one retry policy (src/http/retry.ts): 429,
 *   500/502/503/504 and network errors, with full-jitter backoff honouring `Retry-After`; a POST
 *   is sent once unless marked idempotent; 403 `REQUEST_LIMIT_EXCEEDED` and other 4xx fail at
 *   once. Every failure is a {@link SalesforceApiError} with Salesforce's errorCode and the
 *   transport's classification.
 * - {@link SalesforceClient.query} streams records page by page.
 *
 * @example
 * ```ts
 * const sf = new SalesforceClient({ loginUrl: 'https://login.salesforce.com', apiVersion: '61.0',
 *   auth: { grant: 'jwt-bearer', clientId, username, privateKeyPem } });
 * for await (const vc of sf.query<{ Id: string }>('SELECT Id FROM VoiceCall')) console.log(vc.Id);
 * ```
 */
class SalesforceClient {
  readonly #loginUrl: string;
  readonly #apiVersion: string;
  readonly #auth: SalesforceAuth;
  readonly #key: KeyObject | undefined;
  readonly #http: HttpTransport;
  #tokenPromise: Promise<AccessToken> | undefined;
  #current: AccessToken | undefined;
  readonly #requests: Record<string, number> = {};
  #tokenRequests = 0;
  #retries = 0;
  #sessionRefreshes = 0;
  #apiUsage: SalesforceClientStats['apiUsage'];

  /** @throws TypeError for a bad URL, API version, credential shape or retry policy */
  public constructor(options: SalesforceClientOptions) {
    this.#loginUrl = validateHttpBaseUrl(options.loginUrl, 'loginUrl');
    const version = API_VERSION.exec(String(options.apiVersion))?.[1];
    if (version === undefined) throw new TypeError(`Expected \`apiVersion\` like '61.0', got ${JSON.stringify(options.apiVersion)}`);
    this.#apiVersion = version;
    validateAuth(options.auth);
    this.#auth = options.auth;
    this.#key = options.auth.grant === 'jwt-bearer' ? loadRsaPrivateKey(options.auth.privateKeyPem, 'auth.privateKeyPem') : undefined;
    this.#http = new HttpTransport(options, DEFAULT_REQUEST_TIMEOUT_MS);
  }

  /** The validated API version, e.g. `61.0`. */
  public get apiVersion(): string {
    return this.#apiVersion;
  }

  /** A snapshot of the request counters. */
  public get stats(): SalesforceClientStats {
    return {
      requests: { ...this.#requests },
      tokenRequests: this.#tokenRequests,
      retries: this.#retries,
      sessionRefreshes: this.#sessionRefreshes,
      apiUsage: this.#apiUsage,
    };
  }

  /**
   * Gets a token now (it is otherwise fetched on first use), to fail fast on bad credentials.
   *
   * @returns the instance URL the token is for
   * @throws SalesforceApiError, e.g. `invalid_grant` or `invalid_client`
   */
  public async authenticate(): Promise<string> {
    return (await this.#token()).instanceUrl;
  }

  /**
   * Runs a SOQL query and yields its records, fetching the next page only when the previous one
   * is consumed (memory stays flat whatever the result size).
   *
   * @param soql - the query; build literals with `soqlString`, `soqlDateTime`, `soqlIdList`
   * @param options - `batchSize` (200-2000) is sent as `Sforce-Query-Options` (a hint to Salesforce);
   *   `onPage` is told each page's record count and the answer's `totalSize` (when it is a number)
   * @throws SalesforceApiError (e.g. `MALFORMED_QUERY`, `REQUEST_LIMIT_EXCEEDED`)
   */
  public async *query<T = Record<string, unknown>>(
    soql: string,
    options?: {
      readonly batchSize?: number;
      readonly onPage?: (page: { readonly rows: number; readonly totalSize?: number }) => void;
    },
  ): AsyncGenerator<T, void, undefined> {
    if (typeof soql !== 'string' || soql.trim() === '' || soql.length > MAX_SOQL_LENGTH) {
      throw new TypeError(`Expected a SOQL query of 1-${MAX_SOQL_LENGTH} characters`);
    }
    const batchSize = options?.batchSize;
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < MIN_BATCH_SIZE || batchSize > MAX_BATCH_SIZE)) {
      throw new TypeError(`Expected \`batchSize\` to be an integer from ${MIN_BATCH_SIZE} to ${MAX_BATCH_SIZE}, got ${batchSize}`);
    }
    const headers: Record<string, string> = batchSize === undefined ? {} : { 'Sforce-Query-Options': `batchSize=${batchSize}` };
    let path = `/services/data/v${this.#apiVersion}/query?q=${encodeURIComponent(soql)}`;
    for (;;) {
      const page = await this.request<{ records?: unknown; done?: unknown; nextRecordsUrl?: unknown; totalSize?: unknown }>('GET', path, { headers });
      if (!page || !Array.isArray(page.records) || typeof page.done !== 'boolean') {
        throw new SalesforceApiError('INVALID_RESPONSE', 'The query answer has no records/done', {});
      }
      const totalSize = typeof page.totalSize === 'number' && Number.isInteger(page.totalSize) && page.totalSize >= 0 ? page.totalSize : undefined;
      options?.onPage?.({ rows: page.records.length, ...(totalSize === undefined ? {} : { totalSize }) });
      yield* page.records as T[];
      if (page.done) return;
      const next = page.nextRecordsUrl;
      if (typeof next !== 'string' || !next.startsWith(`/services/data/`) || next.includes('..') || !SAFE_PATH.test(next)) {
        throw new SalesforceApiError('INVALID_RESPONSE', 'The query answer has done:false but no usable nextRecordsUrl', {});
      }
      path = next;
    }
  }

  /**
   * Sends one REST call to the org's instance, with auth, retries and error mapping.
   *
   * @param method - the HTTP method
   * @param path - a path below `/services/` (query string allowed, already encoded)
   * @param options - body, extra headers, whether the call may be retried
   * @returns the parsed JSON body, or undefined for an empty answer (204)
   * @throws SalesforceApiError when the call fails for good
   */
  public async request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T | undefined> {
    if (typeof path !== 'string' || !SAFE_PATH.test(path) || path.includes('..') || path.includes('//')) {
      throw new TypeError(`Refusing unsafe request path ${JSON.stringify(String(path).slice(0, 100))}`);
    }
    const what = `${method} ${path.split('?')[0]}`;
    const body = options?.body === undefined ? undefined : JSON.stringify(options.body);
    const baseHeaders: Record<string, string> = { Accept: 'application/json', ...options?.headers };
    if (body !== undefined) baseHeaders['Content-Type'] = 'application/json';
    const answer = await this.#withRetry(options?.idempotent ?? method !== 'POST', async () => {
      let token = await this.#token();
      let outcome = await this.#once(
        what,
        method,
        `${token.instanceUrl}${path}`,
        { ...baseHeaders, Authorization: `Bearer ${token.accessToken}` },
        body,
      );
      if (!outcome.ok && outcome.failure.status === 401) {
        this.#sessionRefreshes += 1;
        token = await this.#refreshAfter(token);
        outcome = await this.#once(
          what,
          method,
          `${token.instanceUrl}${path}`,
          { ...baseHeaders, Authorization: `Bearer ${token.accessToken}` },
          body,
        );
      }
      return outcome;
    });
    if (answer.text.trim() === '') return undefined;
    try {
      return JSON.parse(answer.text) as T;
    } catch (error) {
      throw new SalesforceApiError(
        'INVALID_RESPONSE',
        `${what} answered HTTP ${answer.status} with a body that is not JSON`,
        { status: answer.status },
        { cause: error },
      );
    }
  }

  /** The cached token, or the one being fetched (one fetch for all callers). */
  #token(): Promise<AccessToken> {
    if (this.#tokenPromise) return this.#tokenPromise;
    const promise = this.#fetchToken().then(
      (token) => {
        if (this.#tokenPromise === promise) this.#current = token;
        return token;
      },
      (error: unknown) => {
        if (this.#tokenPromise === promise) this.#tokenPromise = undefined;
        throw error;
      },
    );
    this.#tokenPromise = promise;
    return promise;
  }

  /** After a 401 with `stale`: the first caller starts one refresh, the others wait for it. */
  #refreshAfter(stale: AccessToken): Promise<AccessToken> {
    if (this.#current === stale) {
      this.#current = undefined;
      this.#tokenPromise = undefined;
    }
    return this.#token();
  }

  async #fetchToken(): Promise<AccessToken> {
    const url = `${this.#loginUrl}/services/oauth2/token`;
    const answer = await this.#withRetry(true, () => {
      this.#tokenRequests += 1;
      const form = tokenRequestBody(this.#auth, this.#loginUrl, this.#http.now(), this.#key);
      return this.#once(
        'POST /services/oauth2/token',
        undefined,
        url,
        { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        form.toString(),
      );
    });
    return parseTokenResponse(answer.text);
  }

  /** One HTTP exchange through the transport; a failure comes back classified, as a SalesforceApiError. */
  async #once(
    what: string,
    method: HttpMethod | undefined,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<AttemptResult<HttpAnswer>> {
    if (method) this.#requests[method] = (this.#requests[method] ?? 0) + 1;
    const outcome = await this.#http.send({ method: method ?? 'POST', url, headers, body });
    if (outcome.answer) this.#noteLimits(outcome.answer.headers);
    if (outcome.ok) return { ok: true, value: outcome.answer };
    const { failure } = outcome;
    const error =
      outcome.answer && failure.kind === 'status'
        ? errorFromResponse(what, outcome.answer.status, outcome.answer.text, failure)
        : networkError(what, outcome.cause, failure);
    return { ok: false, failure, error };
  }

  /** The one retry policy; a call that is not idempotent gets a single attempt. */
  #withRetry(idempotent: boolean, attempt: () => Promise<AttemptResult<HttpAnswer>>): Promise<HttpAnswer> {
    return this.#http.retry(attempt, {
      idempotent,
      ...(idempotent ? {} : { policy: { maxAttempts: 1 } }),
      onRetry: () => {
        this.#retries += 1;
      },
    });
  }

  #noteLimits(headers: Headers): void {
    const match = /api-usage=(\d+)\/(\d+)/.exec(headers.get('sforce-limit-info') ?? '');
    if (match) this.#apiUsage = { used: Number(match[1]), limit: Number(match[2]) };
  }
}

export { SalesforceClient };
export type { HttpMethod, RequestOptions, SalesforceClientOptions, SalesforceClientStats };
