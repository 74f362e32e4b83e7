import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateSimulatorCredentials, type RunningOrgSimulator, type SimulatorCredentials } from '@ctr-resync/org-simulator';
import { accessToken, bearerClaims, JWT_BEARER, rest, signJwt, startSimulator, tokenRequest } from './simulatorTestClient.ts';

describe('simulator OAuth token endpoint', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;
  let clock = Date.UTC(2025, 5, 1, 12);
  const other = generateSimulatorCredentials();

  before(async () => {
    ({ sim, creds } = await startSimulator({ now: () => new Date(clock), config: { tokenTtlSeconds: 600 } }));
  });
  after(() => sim.close());

  const jwtGrant = (claims: Record<string, unknown>, key = creds.connectedApp.privateKeyPem) =>
    tokenRequest(sim, { grant_type: JWT_BEARER, assertion: signJwt(claims, key) });

  it('issues a token for a valid JWT bearer assertion', async () => {
    const result = await jwtGrant(bearerClaims(creds, clock));
    assert.equal(result.status, 200);
    assert.equal(result.body.token_type, 'Bearer');
    assert.equal(result.body.instance_url, sim.url);
    assert.equal(result.body.issued_at, String(clock));
    assert.match(result.body.access_token, new RegExp(`^${creds.contactCenter.orgId.slice(0, 15)}!`));
    assert.match(result.body.id, /\/id\/00D\w{15}\/005\w{15}$/);
  });

  it('accepts test.salesforce.com and its own URL as audience', async () => {
    assert.equal((await jwtGrant(bearerClaims(creds, clock, { aud: 'https://test.salesforce.com' }))).status, 200);
    assert.equal((await jwtGrant(bearerClaims(creds, clock, { aud: `${sim.url}/` }))).status, 200);
  });

  it('issues a token for the client credentials grant', async () => {
    const result = await tokenRequest(sim, {
      grant_type: 'client_credentials',
      client_id: creds.connectedApp.clientId,
      client_secret: creds.connectedApp.clientSecret,
    });
    assert.equal(result.status, 200);
    assert.equal(result.body.token_type, 'Bearer');
  });

  it('refuses bad assertions with Salesforce OAuth errors', async () => {
    const cases: [Record<string, unknown>, string, string, string?][] = [
      [bearerClaims(creds, clock), 'invalid_grant', 'invalid assertion', other.connectedApp.privateKeyPem],
      [bearerClaims(creds, clock, { iss: 'someone-else' }), 'invalid_client_id', 'client identifier invalid'],
      [bearerClaims(creds, clock, { sub: 'nobody@example.com' }), 'invalid_grant', "user hasn't approved this consumer"],
      [bearerClaims(creds, clock, { aud: 'https://example.my.site.com' }), 'invalid_grant', 'audience is invalid'],
      [bearerClaims(creds, clock, { exp: undefined }), 'invalid_grant', 'invalid assertion'],
      [bearerClaims(creds, clock, { exp: Math.floor(clock / 1000) - 60 }), 'invalid_grant', 'invalid assertion'],
      [bearerClaims(creds, clock, { exp: Math.floor(clock / 1000) + 600 }), 'invalid_grant', 'invalid assertion'],
    ];
    for (const [claims, error, description, key] of cases) {
      const result = await jwtGrant(claims, key);
      assert.equal(result.status, 400, JSON.stringify(claims));
      assert.deepEqual(result.body, { error, error_description: description });
    }
    const garbage = await tokenRequest(sim, { grant_type: JWT_BEARER, assertion: 'not.a.jwt' });
    assert.deepEqual([garbage.status, garbage.body.error], [400, 'invalid_grant']);
  });

  it('refuses wrong client credentials and unknown grants', async () => {
    const wrongSecret = await tokenRequest(sim, { grant_type: 'client_credentials', client_id: creds.connectedApp.clientId, client_secret: 'nope' });
    assert.deepEqual([wrongSecret.status, wrongSecret.body], [400, { error: 'invalid_client', error_description: 'invalid client credentials' }]);
    const wrongId = await tokenRequest(sim, { grant_type: 'client_credentials', client_id: 'nope', client_secret: creds.connectedApp.clientSecret });
    assert.deepEqual([wrongId.status, wrongId.body.error], [400, 'invalid_client_id']);
    const password = await tokenRequest(sim, { grant_type: 'password', username: 'u', password: 'p' });
    assert.deepEqual([password.status, password.body], [400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' }]);
  });

  it('answers 401 INVALID_SESSION_ID without a token, with an unknown one, and once the token has expired', async () => {
    const token = await accessToken(sim, creds, clock);
    const expected = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    assert.equal((await rest(sim, token, '/limits')).status, 200);
    const none = await fetch(`${sim.url}/services/data/v60.0/limits`);
    assert.deepEqual([none.status, await none.json()], [401, expected]);
    const unknown = await rest(sim, `${token}x`, '/limits');
    assert.deepEqual([unknown.status, unknown.body], [401, expected]);
    clock += 601_000;
    const expired = await rest(sim, token, '/limits');
    assert.deepEqual([expired.status, expired.body], [401, expected]);
    assert.match(expired.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/\d+$/);
  });
});
