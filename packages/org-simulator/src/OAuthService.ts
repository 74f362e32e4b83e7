import { createPublicKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { SimulatorApiError } from './simulatorErrors.ts';
import type { SimulatorPublicCredentials } from './generateSimulatorCredentials.ts';
import type { SimRequest, SimResponse } from './httpRouter.ts';
import { salesforceId } from './salesforceId.ts';
import type { TokenStore } from './TokenStore.ts';
import { verifyRs256Jwt } from './verifyJwt.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The JWT bearer flow requires exp "within 3 minutes"; a few seconds of clock skew are tolerated. */
const MAX_ASSERTION_LIFETIME_MS = 3 * 60 * 1000;
const CLOCK_SKEW_MS = 5_000;
const LOGIN_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

/** What the OAuth endpoint needs from the simulator. */
interface OAuthDeps {
  readonly url: string;
  readonly credentials: SimulatorPublicCredentials;
  readonly tokens: TokenStore;
  tokenTtlMs(): number;
  now(): number;
}

function oauthError(error: string, description: string, status = 400): SimulatorApiError {
  return new SimulatorApiError(error, description, { status });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `POST /services/oauth2/token`: the JWT bearer grant (RS256 assertion verified with the
 * connected app's certificate key) and the client credentials grant, answering and failing
 * with Salesforce's OAuth shapes (`{"error":"invalid_grant","error_description":"..."}`).
 */
class OAuthService {
  readonly #deps: OAuthDeps;
  readonly #appKey: KeyObject;
  readonly #userId: string;

  public constructor(deps: OAuthDeps) {
    this.#deps = deps;
    this.#appKey = createPublicKey(deps.credentials.connectedApp.publicKeyPem);
    this.#userId = salesforceId('005', deps.credentials.contactCenter.orgId.slice(3, 5), 62 ** 5 + 1);
  }

  /** Handles a token request. */
  public handle(request: SimRequest): SimResponse {
    const contentType = String(request.headers['content-type'] ?? '');
    const form = /^application\/x-www-form-urlencoded\b/i.test(contentType)
      ? new URLSearchParams(request.body.toString('utf8'))
      : new URLSearchParams();
    for (const [k, v] of request.query) if (!form.has(k)) form.set(k, v);
    const grant = form.get('grant_type');
    if (grant === JWT_BEARER) this.#jwtBearer(form.get('assertion') ?? '');
    else if (grant === 'client_credentials') this.#clientCredentials(form, request.headers.authorization);
    else throw oauthError('unsupported_grant_type', 'grant type not supported');
    return this.#issue();
  }

  #jwtBearer(assertion: string): void {
    const app = this.#deps.credentials.connectedApp;
    const now = this.#deps.now();
    if (assertion === '') throw oauthError('invalid_request', 'assertion is required');
    const parts = assertion.split('.');
    let iss: unknown;
    try {
      iss = (JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown }).iss;
    } catch {
      throw oauthError('invalid_grant', 'invalid assertion');
    }
    if (iss !== app.clientId) throw oauthError('invalid_client_id', 'client identifier invalid');
    const result = verifyRs256Jwt(assertion, this.#appKey);
    if (!result.ok) throw oauthError('invalid_grant', 'invalid assertion');
    const { aud, sub, exp } = result.claims;
    const audiences = Array.isArray(aud) ? aud : [aud];
    const accepted = [...LOGIN_AUDIENCES, this.#deps.url];
    if (!audiences.some((a) => typeof a === 'string' && accepted.includes(a.replace(/\/$/, ''))))
      throw oauthError('invalid_grant', 'audience is invalid');
    if (sub !== app.username) throw oauthError('invalid_grant', "user hasn't approved this consumer");
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw oauthError('invalid_grant', 'invalid assertion');
    const expMs = exp * 1000;
    if (expMs + CLOCK_SKEW_MS <= now || expMs > now + MAX_ASSERTION_LIFETIME_MS + CLOCK_SKEW_MS)
      throw oauthError('invalid_grant', 'invalid assertion');
  }

  #clientCredentials(form: URLSearchParams, authorization: string | undefined): void {
    const app = this.#deps.credentials.connectedApp;
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic !== null && clientId === '') {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      try {
        clientId = decodeURIComponent(decoded.slice(0, Math.max(0, colon)));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        throw oauthError('invalid_client', 'invalid client credentials');
      }
    }
    if (!sameText(clientId, app.clientId)) throw oauthError('invalid_client_id', 'client identifier invalid');
    if (!sameText(clientSecret, app.clientSecret)) throw oauthError('invalid_client', 'invalid client credentials');
  }

  #issue(): SimResponse {
    const now = this.#deps.now();
    const orgId = this.#deps.credentials.contactCenter.orgId;
    if (this.#deps.tokens.size > 10_000) this.#deps.tokens.sweep(now);
    const accessToken = this.#deps.tokens.issue(orgId, now + this.#deps.tokenTtlMs());
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private' },
      body: {
        access_token: accessToken,
        instance_url: this.#deps.url,
        id: `${this.#deps.url}/id/${orgId}/${this.#userId}`,
        token_type: 'Bearer',
        issued_at: String(now),
        scope: 'api',
      },
    };
  }
}

export { OAuthService };
export type { OAuthDeps };
