import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { SalesforceApiError } from '../../../src/errors.ts';
import { jwtAudience } from '../../../src/salesforce/accessToken.ts';
import { SalesforceClient, type SalesforceClientOptions } from '../../../src/salesforce/SalesforceClient.ts';

// Unit tests with an injected fetch: error branches and single-flight refresh. The same behaviour
// over real HTTP is in tests/integration/salesforce.

const LOGIN = 'https://login.salesforce.com';
const INSTANCE = 'https://example.my.salesforce.com';
type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

interface Harness {
  client: SalesforceClient;
  calls: { url: URL; init: RequestInit }[];
  sleeps: number[];
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function harness(api: Handler, options: Partial<SalesforceClientOptions> & { token?: Handler } = {}): Harness {
  const calls: Harness['calls'] = [];
  const sleeps: number[] = [];
  let tokens = 0;
  const tokenHandler: Handler = options.token ?? (() => json({ access_token: `token-${++tokens}`, instance_url: INSTANCE, token_type: 'Bearer' }));
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url, init: init ?? {} });
    return url.pathname === '/services/oauth2/token' ? tokenHandler(url, init ?? {}) : api(url, init ?? {});
  }) as typeof globalThis.fetch;
  const client = new SalesforceClient({
    loginUrl: LOGIN,
    apiVersion: '61.0',
    auth: { grant: 'client-credentials', clientId: 'id', clientSecret: 'secret' },
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => Date.parse('2025-01-01T00:00:00Z'),
    ...options,
  });
  return { client, calls, sleeps };
}

const bearer = (init: RequestInit) => new Headers(init.headers).get('authorization');
const apiCalls = (h: Harness) => h.calls.filter((c) => c.url.pathname !== '/services/oauth2/token');
const tokenCalls = (h: Harness) => h.calls.filter((c) => c.url.pathname === '/services/oauth2/token');

async function rejects(promise: Promise<unknown>, code: string): Promise<SalesforceApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SalesforceApiError, String(error));
    assert.equal(error.errorCode, code);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('SalesforceClient: auth', () => {
  test('client credentials: form body, then instance_url and the bearer token', async () => {
    const h = harness(() => json({ ok: true }));
    assert.deepEqual(await h.client.request('GET', '/services/data/v61.0/limits'), { ok: true });
    const [token, call] = h.calls;
    assert.equal(String(token?.url), `${LOGIN}/services/oauth2/token`);
    assert.equal(token?.init.body, 'grant_type=client_credentials&client_id=id&client_secret=secret');
    assert.equal(String(call?.url), `${INSTANCE}/services/data/v61.0/limits`);
    assert.equal(bearer(call?.init ?? {}), 'Bearer token-1');
  });

  test('JWT bearer: an RS256 assertion with iss, sub, aud and exp within 3 minutes', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const h = harness(() => json({}), {
      auth: {
        grant: 'jwt-bearer',
        clientId: 'consumer-key',
        username: 'integration@example.com',
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    await h.client.authenticate();
    const form = new URLSearchParams(String(tokenCalls(h)[0]?.init.body));
    assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [header, payload, signature] = String(form.get('assertion')).split('.');
    assert.deepEqual(JSON.parse(Buffer.from(String(header), 'base64url').toString()), { alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString()) as Record<string, number | string>;
    assert.equal(claims.iss, 'consumer-key');
    assert.equal(claims.sub, 'integration@example.com');
    assert.equal(claims.aud, 'https://login.salesforce.com');
    assert.ok(Number(claims.exp) - Date.parse('2025-01-01T00:00:00Z') / 1000 <= 180);
    assert.ok(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(String(signature), 'base64url')));
  });

  test('jwtAudience follows the login host', () => {
    assert.equal(jwtAudience('https://login.salesforce.com/'), 'https://login.salesforce.com');
    assert.equal(jwtAudience('https://test.salesforce.com'), 'https://test.salesforce.com');
    assert.equal(jwtAudience('https://acme.my.salesforce.com/'), 'https://acme.my.salesforce.com');
    assert.equal(jwtAudience('http://127.0.0.1:4000'), 'http://127.0.0.1:4000');
  });

  test('concurrent 401s share one refresh and each call is replayed once', async () => {
    const h = harness((_url, init) =>
      bearer(init) === 'Bearer token-1'
        ? json([{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }], 401)
        : json({ ok: true }),
    );
    await h.client.authenticate();
    const results = await Promise.all(Array.from({ length: 8 }, () => h.client.request('GET', '/services/data/v61.0/limits')));
    assert.equal(results.length, 8);
    assert.equal(tokenCalls(h).length, 2);
    assert.equal(apiCalls(h).length, 16);
    assert.equal(h.client.stats.sessionRefreshes, 8);
    assert.equal(h.client.stats.tokenRequests, 2);
  });

  test('a 401 after the replay fails as INVALID_SESSION_ID without a third try', async () => {
    const h = harness(() => json([{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }], 401));
    const error = await rejects(h.client.request('GET', '/services/data/v61.0/limits'), 'INVALID_SESSION_ID');
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.equal(apiCalls(h).length, 2);
  });

  test('invalid_grant is not retried, and the next call tries a fresh token', async () => {
    let fail = true;
    const h = harness(() => json({}), {
      token: () =>
        fail
          ? json({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" }, 400)
          : json({ access_token: 't', instance_url: INSTANCE }),
    });
    await rejects(h.client.authenticate(), 'invalid_grant');
    assert.equal(tokenCalls(h).length, 1);
    fail = false;
    assert.equal(await h.client.authenticate(), INSTANCE);
  });

  test('a token response without a safe instance_url is rejected', async () => {
    const h = harness(() => json({}), { token: () => json({ access_token: 't', instance_url: 'http://evil.example.com' }) });
    await rejects(h.client.authenticate(), 'INVALID_TOKEN_RESPONSE');
  });
});

describe('SalesforceClient: retries', () => {
  function flaky(failures: Response[]): Handler {
    return () => failures.shift() ?? json({ ok: true });
  }

  test('503 with Retry-After seconds waits that long', async () => {
    const h = harness(flaky([json([{ errorCode: 'SERVER_UNAVAILABLE', message: 'x' }], 503, { 'retry-after': '2' })]));
    assert.deepEqual(await h.client.request('GET', '/services/data/v61.0/limits'), { ok: true });
    assert.deepEqual(h.sleeps, [2_000]);
  });

  test('429 with an HTTP-date Retry-After', async () => {
    const h = harness(flaky([json([], 429, { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' })]));
    await h.client.request('GET', '/services/data/v61.0/limits');
    assert.deepEqual(h.sleeps, [3_000]);
  });

  test('500/502/504 back off with full jitter (random 0.5: 125, 250, 500 ms)', async () => {
    const h = harness(flaky([new Response('', { status: 500 }), new Response('', { status: 502 }), new Response('', { status: 504 })]));
    await h.client.request('GET', '/services/data/v61.0/limits');
    assert.deepEqual(h.sleeps, [125, 250, 500]);
    assert.equal(h.client.stats.retries, 3);
    assert.equal(h.client.stats.requests.GET, 4);
  });

  test('gives up after maxAttempts with a retryable error', async () => {
    const h = harness(() => new Response('', { status: 503 }), { retry: { maxAttempts: 3 } });
    const error = await rejects(h.client.request('GET', '/services/data/v61.0/limits'), 'HTTP_503');
    assert.equal(error.retryable, true);
    assert.equal(apiCalls(h).length, 3);
  });

  test('a Retry-After beyond maxRetryAfterMs is not waited for', async () => {
    const h = harness(() => json([], 429, { 'retry-after': '3600' }));
    const error = await rejects(h.client.request('GET', '/services/data/v61.0/limits'), 'HTTP_429');
    assert.equal(error.retryable, true);
    assert.deepEqual(h.sleeps, []);
  });

  test('403 REQUEST_LIMIT_EXCEEDED fails at once with a clear message', async () => {
    const h = harness(() => json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 403));
    const error = await rejects(h.client.request('GET', '/services/data/v61.0/limits'), 'REQUEST_LIMIT_EXCEEDED');
    assert.equal(error.status, 403);
    assert.equal(error.retryable, false);
    assert.match(error.message, /TotalRequests Limit exceeded.*API requests/);
    assert.equal(apiCalls(h).length, 1);
  });

  test('network errors are retried for GET and PATCH, not for POST', async () => {
    let drops = 1;
    const h = harness(() => {
      if (drops-- > 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      return new Response(null, { status: 204 });
    });
    assert.equal(await h.client.request('PATCH', '/services/data/v61.0/sobjects/VoiceCall/0LQ5g000000AbCdGAK', { body: { a: 1 } }), undefined);
    drops = 1;
    const error = await rejects(h.client.request('POST', '/services/data/v61.0/composite', { body: {} }), 'NETWORK_ERROR');
    assert.equal(error.retryable, true);
    assert.match(error.message, /ECONNRESET/);
  });

  test('a timeout is retried for an idempotent GET; a POST is sent once and flagged as may-have-been-applied', async () => {
    let timeouts = 1;
    const h = harness(() => {
      if (timeouts-- > 0) throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      return json({ ok: true });
    });
    assert.deepEqual(await h.client.request('GET', '/services/data/v61.0/limits'), { ok: true });
    assert.equal(h.client.stats.retries, 1);
    timeouts = 1;
    const error = await rejects(h.client.request('POST', '/services/data/v61.0/composite', { body: {} }), 'NETWORK_ERROR');
    assert.match(error.message, /timed out/);
    assert.deepEqual([error.retryable, error.mayHaveBeenApplied, error.failure?.kind], [true, true, 'timeout']);
    assert.equal(h.client.stats.requests.POST, 1);
  });

  test('a POST refused with 503 is not retried unless marked idempotent', async () => {
    const h = harness(flaky([new Response('', { status: 503 }), new Response('', { status: 503 })]));
    const error = await rejects(h.client.request('POST', '/services/data/v61.0/composite', { body: {} }), 'HTTP_503');
    assert.deepEqual([error.retryable, error.mayHaveBeenApplied], [true, false]);
    assert.equal(h.client.stats.requests.POST, 1);
    assert.deepEqual(await h.client.request('POST', '/services/data/v61.0/composite', { body: {}, idempotent: true }), { ok: true });
    assert.equal(h.client.stats.requests.POST, 3);
  });

  test('error messages mask phone numbers', async () => {
    const h = harness(() => json([{ errorCode: 'MALFORMED_QUERY', message: "unexpected token: '+15555550100'" }], 400));
    const error = await rejects(h.client.request('GET', '/services/data/v61.0/query?q=x'), 'MALFORMED_QUERY');
    assert.ok(!error.message.includes('5555550100'));
  });
});

describe('SalesforceClient: query', () => {
  test('follows nextRecordsUrl page by page with the batchSize header', async () => {
    const pages: Record<string, unknown> = {
      '/services/data/v61.0/query': { done: false, totalSize: 5, records: [{ n: 1 }, { n: 2 }], nextRecordsUrl: '/services/data/v61.0/query/01g-2' },
      '/services/data/v61.0/query/01g-2': {
        done: false,
        totalSize: 5,
        records: [{ n: 3 }, { n: 4 }],
        nextRecordsUrl: '/services/data/v61.0/query/01g-4',
      },
      '/services/data/v61.0/query/01g-4': { done: true, totalSize: 5, records: [{ n: 5 }] },
    };
    const h = harness((url) => json(pages[url.pathname]));
    const seen: number[] = [];
    for await (const record of h.client.query<{ n: number }>("SELECT Id FROM VoiceCall WHERE VendorCallKey = 'a b'", { batchSize: 200 })) {
      seen.push(record.n);
      if (record.n === 2) assert.equal(apiCalls(h).length, 1, 'the next page is fetched lazily');
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    const first = apiCalls(h)[0];
    assert.equal(first?.url.searchParams.get('q'), "SELECT Id FROM VoiceCall WHERE VendorCallKey = 'a b'");
    assert.ok(apiCalls(h).every((c) => new Headers(c.init.headers).get('sforce-query-options') === 'batchSize=200'));
  });

  test('refuses a nextRecordsUrl that leaves the API', async () => {
    const h = harness(() => json({ done: false, records: [], nextRecordsUrl: 'https://evil.example.com/steal' }));
    await rejects(h.client.query('SELECT Id FROM VoiceCall').next(), 'INVALID_RESPONSE');
  });

  test('validates batchSize and the query', async () => {
    const h = harness(() => json({ done: true, records: [] }));
    await assert.rejects(h.client.query('SELECT Id FROM VoiceCall', { batchSize: 100 }).next(), TypeError);
    await assert.rejects(h.client.query('  ').next(), TypeError);
  });
});

describe('SalesforceClient: validation and stats', () => {
  test('rejects bad options', () => {
    const auth = { grant: 'client-credentials', clientId: 'id', clientSecret: 's' } as const;
    assert.throws(() => new SalesforceClient({ loginUrl: 'http://login.salesforce.com', apiVersion: '61.0', auth }), TypeError);
    assert.throws(() => new SalesforceClient({ loginUrl: LOGIN, apiVersion: '61', auth }), TypeError);
    assert.throws(() => new SalesforceClient({ loginUrl: LOGIN, apiVersion: '61.0', auth: { ...auth, clientSecret: '' } }), TypeError);
    assert.throws(
      () =>
        new SalesforceClient({
          loginUrl: LOGIN,
          apiVersion: '61.0',
          auth: { grant: 'jwt-bearer', clientId: 'c', username: 'u', privateKeyPem: 'not a key' },
        }),
      TypeError,
    );
    assert.equal(new SalesforceClient({ loginUrl: LOGIN, apiVersion: 'v62.0', auth }).apiVersion, '62.0');
  });

  test('rejects unsafe paths before any request', async () => {
    const h = harness(() => json({}));
    for (const path of ['/services/../x', 'https://evil.example.com/services/x', '/other', '/services/data//x', '/services/a b']) {
      await assert.rejects(h.client.request('GET', path), TypeError, path);
    }
    assert.equal(h.calls.length, 0);
  });

  test('counts requests per method and reads Sforce-Limit-Info', async () => {
    const h = harness(() => json({}, 200, { 'sforce-limit-info': 'api-usage=18/15000' }));
    await h.client.request('GET', '/services/data/v61.0/limits');
    await h.client.request('PATCH', '/services/data/v61.0/composite/sobjects', { body: { records: [] } });
    assert.deepEqual(h.client.stats.requests, { GET: 1, PATCH: 1 });
    assert.deepEqual(h.client.stats.apiUsage, { used: 18, limit: 15_000 });
  });
});
