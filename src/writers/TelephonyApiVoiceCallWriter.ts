import { randomUUID, type KeyObject } from 'node:crypto';
import { VoiceCallWriteError } from '../errors.ts';
import { describeFailure } from '../http/classifyFailure.ts';
import { HttpTransport, type HttpTransportOptions } from '../http/HttpTransport.ts';
import { validateHttpBaseUrl } from '../salesforce/httpBaseUrl.ts';
import { loadRsaPrivateKey, signRs256Jwt } from '../salesforce/jwt.ts';
import { parseErrorBody, safeMessage } from '../salesforce/salesforceErrors.ts';
import { validateSalesforceId } from '../validation/salesforceId.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';
import { validateVoiceCallId } from '../validation/salesforceId.ts';

/**
 * Options of {@link TelephonyApiVoiceCallWriter}: the transport's timeout and seams
 * (`requestTimeoutMs` defaults to 30000). There is no retry option: the writer makes one attempt
 * per call; retry through `writeWithRetry`.
 */
interface TelephonyApiVoiceCallWriterOptions extends Pick<HttpTransportOptions, 'requestTimeoutMs' | 'fetch' | 'now'> {
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
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const HEADER_TOKEN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;

/**
 * {@link VoiceCallWriter} that calls the Telephony Integration REST API directly:
 * `PATCH {scrtBaseUrl}/voiceCalls/{VoiceCall Id}`, as SCV's `invokeTelephonyIntegrationApi/
 * telephonyIntegrationApi.js` `updateVoiceCall` does, but by record Id.
 *
 * **Exactly one HTTP attempt per call.** A failure throws a {@link VoiceCallWriteError} carrying
 * the transport's classification: 429/500/502/503/504 and a connection that never opened are
 * `retryable`; a timeout or lost answer `mayHaveBeenApplied` (never resend it: verify); 401, 403
 * and other statuses are neither. Retries go through `writeWithRetry` (the one retry policy), so
 * a caller can pace every attempt.
 *
 * Every request carries a fresh RS256 JWT (`iss` org Id, `sub` CallCenter API name, `iat`, `exp`,
 * a new `jti`, no `aud`, like SCV's `generateJWT`): Salesforce rejects a reused `jti`, so a retry
 * never replays a token.
 */
class TelephonyApiVoiceCallWriter implements VoiceCallWriter {
  readonly #baseUrl: string;
  readonly #orgId: string;
  readonly #callCenterApiName: string;
  readonly #key: KeyObject;
  readonly #providerName: string;
  readonly #includeCallCenterApiName: boolean;
  readonly #lifetime: number;
  readonly #http: HttpTransport;
  readonly #uuid: () => string;
  #requests = 0;

  /** @throws TypeError or InvalidIdentifierError for a bad URL, org Id, API name, key or timeout */
  public constructor(options: TelephonyApiVoiceCallWriterOptions) {
    this.#baseUrl = validateHttpBaseUrl(options.scrtBaseUrl, 'scrtBaseUrl');
    this.#orgId = validateSalesforceId(options.orgId, { prefix: '00D', kind: 'org Id' });
    if (!API_NAME.test(String(options.callCenterApiName)))
      throw new TypeError(`Expected \`callCenterApiName\` to be a Salesforce API name, got ${JSON.stringify(options.callCenterApiName)}`);
    this.#callCenterApiName = options.callCenterApiName;
    this.#key = loadRsaPrivateKey(options.privateKeyPem);
    this.#providerName = options.providerName ?? DEFAULT_PROVIDER_NAME;
    if (!HEADER_TOKEN.test(this.#providerName))
      throw new TypeError(`Expected \`providerName\` to be a plain header value, got ${JSON.stringify(this.#providerName)}`);
    this.#includeCallCenterApiName = options.includeCallCenterApiName ?? true;
    this.#lifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    if (!Number.isInteger(this.#lifetime) || this.#lifetime < 30 || this.#lifetime > 86_400)
      throw new TypeError('Expected `tokenLifetimeSeconds` to be an integer from 30 to 86400');
    this.#http = new HttpTransport({ requestTimeoutMs: options.requestTimeoutMs, fetch: options.fetch, now: options.now }, DEFAULT_TIMEOUT_MS);
    this.#uuid = options.randomUUID ?? randomUUID;
  }

  /** HTTP attempts made (one per call), for benchmarks. */
  public get stats(): { readonly requests: number } {
    return { requests: this.#requests };
  }

  /**
   * {@inheritDoc VoiceCallWriter.updateVoiceCall}
   *
   * Sends exactly one PATCH.
   *
   * @throws VoiceCallWriteError with the classification (`retryable`, `mayHaveBeenApplied`, `retryAfterMs`, `status`)
   */
  public async updateVoiceCall(voiceCallId: string, fields: TelephonyPatchFields): Promise<void> {
    const id = validateVoiceCallId(voiceCallId);
    const body = JSON.stringify(this.#includeCallCenterApiName ? { ...fields, callCenterApiName: this.#callCenterApiName } : fields);
    const iat = Math.floor(this.#http.now() / 1000);
    const jwt = signRs256Jwt({ iss: this.#orgId, sub: this.#callCenterApiName, iat, exp: iat + this.#lifetime, jti: this.#uuid() }, this.#key);
    this.#requests += 1;
    const outcome = await this.#http.send({
      method: 'PATCH',
      url: `${this.#baseUrl}/voiceCalls/${id}`,
      headers: {
        Authorization: `Bearer ${jwt}`,
        'Content-Type': 'application/json',
        'Telephony-Provider-Name': this.#providerName,
        Accept: 'application/json',
      },
      body,
    });
    if (outcome.ok) return;
    const { failure } = outcome;
    if (failure.kind !== 'status' || !outcome.answer) {
      // Only a connection that never opened is safe to resend: once the request may have reached
      // Salesforce, sending it again could apply the same version twice ("Don't run this API call
      // more than one time"), so reconcile verifies instead.
      const applied = failure.mayHaveBeenApplied ? '; it may have been applied' : '';
      throw new VoiceCallWriteError(id, `PATCH voiceCalls/${id} ${describeFailure(failure)}${applied}`, { failure }, { cause: outcome.cause });
    }
    const { errorCode, message } = parseErrorBody(outcome.answer.text);
    const detail = [errorCode, message === undefined ? undefined : safeMessage(message)].filter(Boolean).join(': ');
    throw new VoiceCallWriteError(id, `PATCH voiceCalls/${id} failed with HTTP ${outcome.answer.status}${detail ? ` (${detail})` : ''}`, { failure });
  }
}

export { TelephonyApiVoiceCallWriter };
export type { TelephonyApiVoiceCallWriterOptions };
