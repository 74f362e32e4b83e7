import type { HttpCallOptions } from '../salesforce/HttpCallOptions.ts';
import { randomUUID, type KeyObject } from 'node:crypto';
import { VoiceCallWriteError } from '../errors.ts';
import { backoffDelayMs, parseRetryAfterMs, resolveRetryPolicy, sleepMs, type RetryPolicy } from '../salesforce/backoff.ts';
import { validateHttpBaseUrl } from '../salesforce/httpBaseUrl.ts';
import { loadRsaPrivateKey, signRs256Jwt } from '../salesforce/jwt.ts';
import { parseErrorBody, safeMessage } from '../salesforce/salesforceErrors.ts';
import { validateSalesforceId } from '../validation/salesforceId.ts';
import { neverReachedServer } from './neverReachedServer.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import { validateVoiceCallId, type VoiceCallWriter } from './VoiceCallWriter.ts';

/** Options of {@link TelephonyApiVoiceCallWriter}; retries cover 429, 503 and connections that never opened; `requestTimeoutMs` defaults to 30000. */
interface TelephonyApiVoiceCallWriterOptions extends HttpCallOptions {
  /** `SCRT_ENDPOINT_BASE`, e.g. `https://acme.my.salesforce-scrt.com/telephony/v1`. */
  readonly scrtBaseUrl: string;
  /** The org Id (JWT `iss`, prefix `00D`). */
  readonly orgId: string;
  /** The CallCenter's API name (JWT `sub`). */
  readonly callCenterApiName: string;
  /** The contact center's private key (PEM) whose public key is on the CallCenter record. */
  readonly privateKeyPem: string;
  /** `Telephony-Provider-Name` header. @default 'amazon-connect' (what SCV's Lambda sends) */
  readonly providerName?: string;
  /** Add `callCenterApiName` to the body, as SCV's InvokeTelephonyIntegrationApiFunction does. @default true */
  readonly includeCallCenterApiName?: boolean;
  /** JWT lifetime in seconds (Salesforce allows up to 24 h; SCV uses 5 min). @default 300 */
  readonly tokenLifetimeSeconds?: number;
  /** Test seam for JWT ids. @default crypto.randomUUID */
  readonly randomUUID?: () => string;
}

const DEFAULT_PROVIDER_NAME = 'amazon-connect';
const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
const DEFAULT_TIMEOUT_MS = 30_000;
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const HEADER_TOKEN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;

/**
 * {@link VoiceCallWriter} that calls the Telephony Integration REST API directly:
 * `PATCH {scrtBaseUrl}/voiceCalls/{VoiceCall Id}`, as SCV's `invokeTelephonyIntegrationApi/
 * telephonyIntegrationApi.js` `updateVoiceCall` does, but by record Id and with retries.
 *
 * Every request carries a fresh RS256 JWT (`iss` org Id, `sub` CallCenter API name, `iat`, `exp`,
 * a new `jti`, no `aud`, like SCV's `generateJWT`): Salesforce rejects a reused `jti`, so a retry
 * never replays a token. 429 and 503 are retried honouring `Retry-After`, else with full-jitter
 * backoff; a failure before any response is retried too (the PATCH sets values, so a repeat is
 * harmless). Other statuses fail at once.
 */
class TelephonyApiVoiceCallWriter implements VoiceCallWriter {
  readonly #baseUrl: string;
  readonly #orgId: string;
  readonly #callCenterApiName: string;
  readonly #key: KeyObject;
  readonly #providerName: string;
  readonly #includeCallCenterApiName: boolean;
  readonly #lifetime: number;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #uuid: () => string;
  #requests = 0;
  #retries = 0;

  /** @throws TypeError or InvalidIdentifierError for a bad URL, org Id, API name, key or policy */
  public constructor(options: TelephonyApiVoiceCallWriterOptions) {
    this.#baseUrl = validateHttpBaseUrl(options.scrtBaseUrl, 'scrtBaseUrl');
    this.#orgId = validateSalesforceId(options.orgId, { prefix: '00D', kind: 'org Id' });
    if (!API_NAME.test(String(options.callCenterApiName))) throw new TypeError(`Expected \`callCenterApiName\` to be a Salesforce API name, got ${JSON.stringify(options.callCenterApiName)}`);
    this.#callCenterApiName = options.callCenterApiName;
    this.#key = loadRsaPrivateKey(options.privateKeyPem);
    this.#providerName = options.providerName ?? DEFAULT_PROVIDER_NAME;
    if (!HEADER_TOKEN.test(this.#providerName)) throw new TypeError(`Expected \`providerName\` to be a plain header value, got ${JSON.stringify(this.#providerName)}`);
    this.#includeCallCenterApiName = options.includeCallCenterApiName ?? true;
    this.#lifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    if (!Number.isInteger(this.#lifetime) || this.#lifetime < 30 || this.#lifetime > 86_400) throw new TypeError('Expected `tokenLifetimeSeconds` to be an integer from 30 to 86400');
    this.#retry = resolveRetryPolicy(options.retry);
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? sleepMs;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#uuid = options.randomUUID ?? randomUUID;
  }

  /** HTTP attempts made and retries waited for, for benchmarks. */
  public get stats(): { readonly requests: number; readonly retries: number } {
    return { requests: this.#requests, retries: this.#retries };
  }

  /** {@inheritDoc VoiceCallWriter.updateVoiceCall} */
  public async updateVoiceCall(voiceCallId: string, fields: TelephonyPatchFields): Promise<void> {
    const id = validateVoiceCallId(voiceCallId);
    const body = JSON.stringify(this.#includeCallCenterApiName ? { ...fields, callCenterApiName: this.#callCenterApiName } : fields);
    const url = `${this.#baseUrl}/voiceCalls/${id}`;
    for (let attempt = 1; ; attempt += 1) {
      const error = await this.#attempt(id, url, body);
      if (error === undefined) return;
      if (!error.error.retryable || attempt >= this.#retry.maxAttempts) throw error.error;
      const retryAfter = parseRetryAfterMs(error.retryAfter, this.#now());
      if (retryAfter !== undefined && retryAfter > this.#retry.maxRetryAfterMs) throw error.error;
      this.#retries += 1;
      await this.#sleep(retryAfter ?? backoffDelayMs(attempt, this.#retry, this.#random));
    }
  }

  async #attempt(id: string, url: string, body: string): Promise<{ error: VoiceCallWriteError; retryAfter: string | null } | undefined> {
    const iat = Math.floor(this.#now() / 1000);
    const jwt = signRs256Jwt({ iss: this.#orgId, sub: this.#callCenterApiName, iat, exp: iat + this.#lifetime, jti: this.#uuid() }, this.#key);
    this.#requests += 1;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json', 'Telephony-Provider-Name': this.#providerName, Accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      // Only a connection that never opened is safe to retry: once the request may have reached
      // Salesforce, sending it again could apply the same version twice ("Don't run this API call
      // more than one time"), so the error goes up unretried and reconcile verifies instead.
      if (neverReachedServer(cause)) {
        return { error: new VoiceCallWriteError(id, `PATCH voiceCalls/${id} could not connect`, { retryable: true }, { cause }), retryAfter: null };
      }
      const reason = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : 'lost its answer';
      return { error: new VoiceCallWriteError(id, `PATCH voiceCalls/${id} ${reason}; it may have been applied`, { retryable: false }, { cause }), retryAfter: null };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return undefined;
    const { errorCode, message } = parseErrorBody(text);
    const detail = [errorCode, message === undefined ? undefined : safeMessage(message)].filter(Boolean).join(': ');
    const error = new VoiceCallWriteError(id, `PATCH voiceCalls/${id} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`, { status: response.status, retryable: RETRYABLE_STATUSES.has(response.status) });
    return { error, retryAfter: response.headers.get('retry-after') };
  }
}

export { TelephonyApiVoiceCallWriter };
export type { TelephonyApiVoiceCallWriterOptions };
