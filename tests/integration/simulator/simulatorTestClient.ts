// Test helpers for the org simulator's integration tests: JWT signing and thin fetch wrappers.
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { type OrgSimulatorOptions, type RunningOrgSimulator, type SimulatorCredentials, startOrgSimulator } from '@ctr-resync/org-simulator';
import { scvSync } from '../../../src/transform/scvSync.ts';

const API = '/services/data/v60.0';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** A started simulator with its generated credentials. */
async function startSimulator(options: OrgSimulatorOptions = {}): Promise<{ sim: RunningOrgSimulator; creds: SimulatorCredentials }> {
  const sim = await startOrgSimulator({ port: 0, scvSync, ...options });
  if (sim.generatedCredentials === undefined) throw new Error('expected generated credentials');
  return { sim, creds: sim.generatedCredentials };
}

/** Signs claims as an RS256 compact JWS. */
function signJwt(claims: Record<string, unknown>, privateKeyPem: string, alg = 'RS256'): string {
  const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPrivateKey(privateKeyPem)).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** POSTs a form to the token endpoint. */
async function tokenRequest(sim: RunningOrgSimulator, form: Record<string, string>): Promise<Answer> {
  return answer(
    await fetch(`${sim.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    }),
  );
}

/** The JWT bearer claims that succeed, at `nowMs`, with overrides. */
function bearerClaims(creds: SimulatorCredentials, nowMs = Date.now(), overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: creds.connectedApp.clientId,
    sub: creds.connectedApp.username,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(nowMs / 1000) + 170,
    ...overrides,
  };
}

/** A fresh access token through the JWT bearer grant. */
async function accessToken(sim: RunningOrgSimulator, creds: SimulatorCredentials, nowMs = Date.now()): Promise<string> {
  const result = await tokenRequest(sim, {
    grant_type: JWT_BEARER,
    assertion: signJwt(bearerClaims(creds, nowMs), creds.connectedApp.privateKeyPem),
  });
  if (result.status !== 200) throw new Error(`token request failed: ${JSON.stringify(result.body)}`);
  return result.body.access_token as string;
}

/** A REST call under /services/data/v60.0 (or an absolute path starting with /services). */
async function rest(
  sim: RunningOrgSimulator,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = `${sim.url}${path.startsWith('/services') ? path : `${API}${path}`}`;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return answer(await fetch(url, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }));
}

/** Runs a SOQL query (first page). */
function soql(sim: RunningOrgSimulator, token: string, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  return rest(sim, token, `/query?q=${encodeURIComponent(query)}`, { headers });
}

/** The telephony JWT claims that succeed, with overrides. */
function telephonyClaims(creds: SimulatorCredentials, nowMs = Date.now(), overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  return { iss: creds.contactCenter.orgId, sub: creds.contactCenter.callCenterApiName, iat, exp: iat + 300, jti: randomUUID(), ...overrides };
}

/** `PATCH /telephony/v1/voiceCalls/{id}` with a fresh JWT (or the given one). */
async function telephonyPatch(
  sim: RunningOrgSimulator,
  creds: SimulatorCredentials,
  id: string,
  body: unknown,
  options: { jwt?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const jwt = options.jwt ?? signJwt(telephonyClaims(creds), creds.contactCenter.privateKeyPem);
  const headers = {
    Authorization: `Bearer ${jwt}`,
    'Content-Type': 'application/json',
    'Telephony-Provider-Name': 'amazon-connect',
    ...options.headers,
  };
  return answer(
    await fetch(`${sim.url}/telephony/v1/voiceCalls/${encodeURIComponent(id)}`, { method: 'PATCH', headers, body: JSON.stringify(body) }),
  );
}

/** An admin API call. */
async function admin(sim: RunningOrgSimulator, path: string, body?: unknown): Promise<Answer> {
  return answer(
    await fetch(
      `${sim.url}/_simulator${path}`,
      body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    ),
  );
}

/** `count` VoiceCalls a minute apart from 2024-01-01T00:00Z, vendor keys `call-<i>`. */
function minuteCalls(
  count: number,
  extra: (i: number) => Record<string, string | number | null> = () => ({}),
): Record<string, string | number | null>[] {
  return Array.from({ length: count }, (_, i) => ({
    VendorCallKey: `call-${i}`,
    CallStartDateTime: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    ...extra(i),
  }));
}

export {
  accessToken,
  admin,
  bearerClaims,
  JWT_BEARER,
  minuteCalls,
  rest,
  signJwt,
  soql,
  startSimulator,
  telephonyClaims,
  telephonyPatch,
  tokenRequest,
};
export type { Answer };
