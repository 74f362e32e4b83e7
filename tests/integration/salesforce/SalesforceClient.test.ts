import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SalesforceApiError } from '../../../src/errors.ts';
import type { SalesforceAuth } from '../../../src/salesforce/accessToken.ts';
import { SalesforceClient, type SalesforceClientOptions } from '../../../src/salesforce/SalesforceClient.ts';
import { soqlDateTime, soqlString } from '../../../src/salesforce/soql.ts';
import { startOrgSimulator, type RunningOrgSimulator, type SimulatorCredentials } from '@ctr-resync/org-simulator';

// The client over real HTTP against the org simulator (src/simulator): both grants, paging,
// single-flight refresh, fault storms and the API limit.

const TOKEN_ENDPOINT = 'POST /services/oauth2/token';
const RECORDS = 2_450;
let sim: RunningOrgSimulator;
let credentials: SimulatorCredentials;
let clock = Date.now();

function jwtAuth(): SalesforceAuth {
  const app = credentials.connectedApp;
  return { grant: 'jwt-bearer', clientId: app.clientId, username: app.username, privateKeyPem: app.privateKeyPem };
}

function clientCredentialsAuth(): SalesforceAuth {
  return { grant: 'client-credentials', clientId: credentials.connectedApp.clientId, clientSecret: credentials.connectedApp.clientSecret };
}

function client(overrides: Partial<SalesforceClientOptions> = {}): SalesforceClient {
  return new SalesforceClient({
    loginUrl: sim.url,
    apiVersion: '61.0',
    auth: jwtAuth(),
    now: () => clock,
    retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 10 },
    ...overrides,
  });
}

function endpointCount(prefix: string): { requests: number; faults: number; dropped: number; statuses: Record<string, number> } {
  const out = { requests: 0, faults: 0, dropped: 0, statuses: {} as Record<string, number> };
  for (const [key, count] of Object.entries(sim.counters().endpoints)) {
    if (!key.startsWith(prefix)) continue;
    out.requests += count.requests;
    out.faults += count.faults;
    out.dropped += count.dropped;
    for (const [status, n] of Object.entries(count.statuses)) out.statuses[status] = (out.statuses[status] ?? 0) + n;
  }
  return out;
}

const ALL = 'SELECT Id, VendorCallKey FROM VoiceCall';

/** Array.fromAsync (Node 22+) for Node 20. */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

before(async () => {
  sim = await startOrgSimulator({ now: () => new Date(clock), config: { retryAfterSeconds: 0 } });
  assert.ok(sim.generatedCredentials);
  credentials = sim.generatedCredentials;
  const start = Date.parse('2025-01-01T00:00:00Z');
  sim.insertVoiceCalls(Array.from({ length: RECORDS }, (_, i) => ({ VendorCallKey: `contact-${i}`, CallStartDateTime: start + i * 1000 })));
});

after(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.setConfig({ errorRates: { '*': {}, rest: {}, oauth: {} }, dailyApiLimit: 100_000 });
  sim.resetCounters();
});

describe('SalesforceClient against the org simulator', () => {
  test('JWT bearer grant: authenticates and reads the instance URL', async () => {
    const sf = client();
    assert.equal(await sf.authenticate(), sim.url);
    assert.equal(endpointCount(TOKEN_ENDPOINT).statuses['200'], 1);
  });

  test('client credentials grant', async () => {
    const sf = client({ auth: clientCredentialsAuth() });
    const [first] = await collect(sf.query<{ Id: string }>(`${ALL} WHERE VendorCallKey = ${soqlString('contact-7')}`));
    assert.match(String(first?.Id), /^0LQ/);
  });

  test('bad credentials surface Salesforce OAuth codes, without retries', async () => {
    await assert.rejects(
      client({ auth: { ...clientCredentialsAuth(), grant: 'client-credentials', clientSecret: 'wrong' } as SalesforceAuth }).authenticate(),
      (e: unknown) => e instanceof SalesforceApiError && e.errorCode === 'invalid_client',
    );
    await assert.rejects(
      client({ auth: { ...jwtAuth(), username: 'someone@else.example' } as SalesforceAuth }).authenticate(),
      (e: unknown) => e instanceof SalesforceApiError && e.errorCode === 'invalid_grant',
    );
    assert.equal(endpointCount(TOKEN_ENDPOINT).requests, 2);
  });

  test('pagination: every record once across many pages, with batchSize', async () => {
    const sf = client();
    const ids = new Set<string>();
    for await (const record of sf.query<{ Id: string }>(`${ALL} WHERE CallStartDateTime >= ${soqlDateTime(new Date('2025-01-01T00:00:00Z'))}`, {
      batchSize: 200,
    }))
      ids.add(record.Id);
    assert.equal(ids.size, RECORDS);
    const pages = endpointCount('GET /services/data').requests;
    assert.ok(pages >= 10, `expected many pages, got ${pages}`);
    assert.equal(sf.stats.requests.GET, pages);
  });

  test('token expiry: concurrent requests share one refresh', async () => {
    const sf = client();
    await sf.authenticate();
    clock += 3 * 3600 * 1000; // past the simulator's 2 h token lifetime
    sim.resetCounters();
    const queries = Array.from({ length: 10 }, (_, i) => collect(sf.query(`${ALL} WHERE VendorCallKey = ${soqlString(`contact-${i}`)}`)));
    const results = await Promise.all(queries);
    assert.ok(results.every((r) => r.length === 1));
    assert.equal(endpointCount(TOKEN_ENDPOINT).requests, 1);
    assert.equal(endpointCount('GET /services/data').statuses['401'], 10);
    assert.equal(sf.stats.sessionRefreshes, 10);
  });

  test('survives a 429/503 storm (REST and OAuth), honouring Retry-After', async () => {
    sim.setConfig({ errorRates: { rest: { '429': 0.3, '503': 0.2 }, oauth: { '503': 0.5 } } });
    const sleeps: number[] = [];
    const sf = client({ sleep: async (ms) => void sleeps.push(ms) });
    const count = (await collect(sf.query(ALL, { batchSize: 200 }))).length;
    assert.equal(count, RECORDS);
    const rest = endpointCount('GET /services/data');
    assert.ok(rest.faults > 0, 'the storm happened');
    assert.equal(sf.stats.retries, rest.faults + endpointCount(TOKEN_ENDPOINT).faults);
    assert.ok(
      sleeps.every((ms) => ms === 0),
      'Retry-After: 0 from the simulator was honoured',
    );
  });

  test('survives dropped connections', async () => {
    sim.setConfig({ errorRates: { rest: { drop: 0.3 } } });
    const sf = client();
    assert.equal((await collect(sf.query(ALL, { batchSize: 500 }))).length, RECORDS);
    assert.ok(endpointCount('GET /services/data').dropped > 0, 'connections were dropped');
  });

  test('REQUEST_LIMIT_EXCEEDED is a clear, non-retried error', async () => {
    const sf = client();
    await sf.authenticate();
    sim.setConfig({ dailyApiLimit: 1 });
    sim.resetCounters(); // also restarts the simulated 24 h usage
    await collect(sf.query(`${ALL} LIMIT 1`));
    const error = await collect(sf.query(`${ALL} LIMIT 1`)).then(
      () => assert.fail('expected REQUEST_LIMIT_EXCEEDED'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SalesforceApiError);
    assert.equal(error.errorCode, 'REQUEST_LIMIT_EXCEEDED');
    assert.equal(error.status, 403);
    assert.equal(error.retryable, false);
    assert.match(error.message, /API requests/);
    assert.deepEqual(endpointCount('GET /services/data').statuses, { '200': 1, '403': 1 });
    assert.deepEqual(sf.stats.apiUsage, { used: 1, limit: 1 });
  });

  test('a SOQL injection attempt stays a literal', async () => {
    const sf = client();
    const rows = await collect(sf.query(`${ALL} WHERE VendorCallKey = ${soqlString("contact-1' OR VendorCallKey != '")}`));
    assert.equal(rows.length, 0);
  });
});
