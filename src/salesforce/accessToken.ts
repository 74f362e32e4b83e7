import type { KeyObject } from 'node:crypto';
import { SalesforceApiError } from '../errors.ts';
import { validateHttpBaseUrl } from './httpBaseUrl.ts';
import { signRs256Jwt } from './jwt.ts';

/** OAuth 2.0 JWT bearer flow: a connected app's consumer key, the run-as user and the app's key. */
interface JwtBearerAuth {
  readonly grant: 'jwt-bearer';
  /** The connected app's consumer key (JWT `iss`). */
  readonly clientId: string;
  /** The Salesforce username the token is for (JWT `sub`). */
  readonly username: string;
  /** The private key whose certificate is uploaded to the connected app (PEM). */
  readonly privateKeyPem: string;
  /** JWT `aud`; by default derived from `loginUrl` (see {@link jwtAudience}). */
  readonly audience?: string;
}

/** OAuth 2.0 client credentials flow (the app's "run as" user; loginUrl must be the My Domain). */
interface ClientCredentialsAuth {
  readonly grant: 'client-credentials';
  readonly clientId: string;
  readonly clientSecret: string;
}

/** How the client authenticates. */
type SalesforceAuth = JwtBearerAuth | ClientCredentialsAuth;

/** An access token and the instance it is valid for. */
interface AccessToken {
  readonly accessToken: string;
  readonly instanceUrl: string;
}

/** JWT bearer assertions live at most this long (Salesforce: `exp` "within 3 minutes"). */
const JWT_BEARER_LIFETIME_SECONDS = 170;
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * The JWT `aud` for a login URL: `https://login.salesforce.com` or `https://test.salesforce.com`
 * for those hosts (whatever path was configured), else the login URL itself (My Domain,
 * Experience Cloud site, local simulator).
 */
function jwtAudience(loginUrl: string): string {
  const url = new URL(loginUrl);
  if (url.hostname === 'login.salesforce.com' || url.hostname === 'test.salesforce.com') return `https://${url.hostname}`;
  return loginUrl.replace(/\/+$/, '');
}

/**
 * The form body of the token request for either grant.
 *
 * @param auth - the grant and its credentials
 * @param loginUrl - the validated login URL
 * @param nowMs - the current time, epoch ms
 * @param key - the loaded private key (JWT bearer only)
 */
function tokenRequestBody(auth: SalesforceAuth, loginUrl: string, nowMs: number, key: KeyObject | undefined): URLSearchParams {
  if (auth.grant === 'client-credentials') {
    return new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret });
  }
  if (!key) throw new TypeError('A JWT bearer grant needs a private key');
  const iat = Math.floor(nowMs / 1000);
  const assertion = signRs256Jwt(
    { iss: auth.clientId, sub: auth.username, aud: auth.audience ?? jwtAudience(loginUrl), iat, exp: iat + JWT_BEARER_LIFETIME_SECONDS },
    key,
  );
  return new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion });
}

/**
 * Reads `{access_token, instance_url}` out of a successful token response.
 *
 * @throws SalesforceApiError (`INVALID_TOKEN_RESPONSE`) when either is missing or the instance URL is unsafe
 */
function parseTokenResponse(bodyText: string): AccessToken {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bodyText) as Record<string, unknown>;
  } catch (error) {
    throw new SalesforceApiError('INVALID_TOKEN_RESPONSE', 'The token endpoint answered with something other than JSON', {}, { cause: error });
  }
  const accessToken = body.access_token;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses or strips
  if (typeof accessToken !== 'string' || accessToken === '' || /[\s\u0000-\u001f]/.test(accessToken)) {
    throw new SalesforceApiError('INVALID_TOKEN_RESPONSE', 'The token response has no usable access_token', {});
  }
  let instanceUrl: string;
  try {
    instanceUrl = validateHttpBaseUrl(body.instance_url, 'instance_url');
  } catch (error) {
    throw new SalesforceApiError('INVALID_TOKEN_RESPONSE', 'The token response has no usable instance_url', {}, { cause: error });
  }
  return { accessToken, instanceUrl };
}

/** Checks the credentials' shape (not their validity) before any request is made. */
function validateAuth(auth: SalesforceAuth): void {
  const nonEmpty = (value: unknown, name: string) => {
    if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`Expected \`auth.${name}\` to be a non-empty string`);
  };
  nonEmpty(auth.clientId, 'clientId');
  if (auth.grant === 'jwt-bearer') {
    nonEmpty(auth.username, 'username');
    nonEmpty(auth.privateKeyPem, 'privateKeyPem');
    if (auth.audience !== undefined) nonEmpty(auth.audience, 'audience');
  } else if (auth.grant === 'client-credentials') {
    nonEmpty(auth.clientSecret, 'clientSecret');
  } else {
    throw new TypeError(`Expected \`auth.grant\` to be 'jwt-bearer' or 'client-credentials'`);
  }
}

export { JWT_BEARER_LIFETIME_SECONDS, jwtAudience, parseTokenResponse, tokenRequestBody, validateAuth };
export type { AccessToken, ClientCredentialsAuth, JwtBearerAuth, SalesforceAuth };
