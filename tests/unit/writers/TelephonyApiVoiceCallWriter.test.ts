import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { InvalidIdentifierError, VoiceCallWriteError } from '../../../src/errors.ts';
import { TelephonyApiVoiceCallWriter, type TelephonyApiVoiceCallWriterOptions } from '../../../src/writers/TelephonyApiVoiceCallWriter.ts';
import { writeWithRetry, type WriteRetryOptions } from '../../../src/writers/writeWithRetry.ts';

// Error branches with an injected fetch; the real-HTTP path is in tests/integration/writers.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ORG_ID = '00D5g000000AbCdEAK';
const VOICECALL_ID = '0LQ5g000000AbCdGAK';
const NOW = Date.parse('2025-01-01T00:00:00Z');

type Reply = Response | Error;

function setup(replies: Reply[], options: Partial<TelephonyApiVoiceCallWriterOptions> = {}) {
  const requests: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), init: init ?? {} });
    const reply = replies.shift() ?? new Response('{"status":"pending"}', { status: 200 });
    if (reply instanceof Error) throw reply;
    return reply;
  }) as typeof globalThis.fetch;
  const writer = new TelephonyApiVoiceCallWriter({
    scrtBaseUrl: 'https://acme.my.salesforce-scrt.com/telephony/v1/',
    orgId: ORG_ID,
    callCenterApiName: 'ACME_CC',
    privateKeyPem: PEM,
    fetch,
    now: () => NOW,
    ...options,
  });
  // Retries live in writeWithRetry (the one retry policy); these are its seams.
  const retry: WriteRetryOptions = {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  };
  return { writer, requests, sleeps, retry };
}

function claimsOf(init: RequestInit): Record<string, unknown> {
  const token = String(new Headers(init.headers).get('authorization')).replace(/^Bearer /, '');
  const [header, payload, signature] = token.split('.');
  assert.ok(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(String(signature), 'base64url')));
  return JSON.parse(Buffer.from(String(payload), 'base64url').toString()) as Record<string, unknown>;
}

async function failure(promise: Promise<unknown>): Promise<VoiceCallWriteError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VoiceCallWriteError, String(error));
    return error;
  }
  assert.fail('expected a VoiceCallWriteError');
}

describe('TelephonyApiVoiceCallWriter', () => {
  test("PATCHes by Id with SCV's headers, JWT claims and body (+ callCenterApiName)", async () => {
    const { writer, requests } = setup([]);
    await writer.updateVoiceCall(VOICECALL_ID, { startTime: 't', callAttributes: '{}' });
    const [request] = requests;
    assert.equal(request?.url, `https://acme.my.salesforce-scrt.com/telephony/v1/voiceCalls/${VOICECALL_ID}`);
    assert.equal(request?.init.method, 'PATCH');
    const headers = new Headers(request?.init.headers);
    assert.equal(headers.get('content-type'), 'application/json');
    assert.equal(headers.get('telephony-provider-name'), 'amazon-connect');
    assert.deepEqual(JSON.parse(String(request?.init.body)), { startTime: 't', callAttributes: '{}', callCenterApiName: 'ACME_CC' });
    const claims = claimsOf(request?.init ?? {});
    assert.equal(claims.iss, ORG_ID);
    assert.equal(claims.sub, 'ACME_CC');
    assert.equal(claims.iat, NOW / 1000);
    assert.equal(claims.exp, NOW / 1000 + 300);
    assert.equal(claims.aud, undefined);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
  });

  // Moved from "the writer retries": the writer makes one attempt; writeWithRetry retries.
  test('writeWithRetry retries 429 and 503 with a new jti each time, honouring Retry-After', async () => {
    const { writer, requests, sleeps, retry } = setup([
      new Response('', { status: 429, headers: { 'retry-after': '1' } }),
      new Response('', { status: 503 }),
    ]);
    await writeWithRetry(writer, VOICECALL_ID, {}, retry);
    assert.equal(requests.length, 3);
    assert.deepEqual(sleeps, [1_000, 250]);
    const jtis = new Set(requests.map((r) => claimsOf(r.init).jti));
    assert.equal(jtis.size, 3);
    assert.deepEqual(writer.stats, { requests: 3 });
    assert.equal(sleeps.length, 2, 'two retries');
  });

  test('updateVoiceCall alone makes exactly one attempt, even on a retryable 429', async () => {
    const { writer, requests } = setup([new Response('', { status: 429, headers: { 'retry-after': '2' } })]);
    const error = await failure(writer.updateVoiceCall(VOICECALL_ID, {}));
    assert.deepEqual([error.status, error.retryable, error.mayHaveBeenApplied, error.retryAfterMs], [429, true, false, 2_000]);
    assert.equal(requests.length, 1);
  });

  test('a lost answer is never resent (the PATCH may have been applied) and is not retryable', async () => {
    const drop = () => new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const { writer, requests, retry } = setup([drop(), drop()]);
    const error = await failure(writeWithRetry(writer, VOICECALL_ID, {}, { ...retry, policy: { maxAttempts: 3 } }));
    assert.equal(error.retryable, false);
    assert.equal(error.mayHaveBeenApplied, true);
    assert.equal(error.status, undefined);
    assert.match(error.message, /may have been applied/);
    assert.equal(requests.length, 1);
  });

  test('a timeout may have been applied and is not resent', async () => {
    const { writer, requests, retry } = setup([new DOMException('The operation was aborted due to timeout', 'TimeoutError') as unknown as Error]);
    const error = await failure(writeWithRetry(writer, VOICECALL_ID, {}, retry));
    assert.deepEqual([error.retryable, error.mayHaveBeenApplied, error.failure.kind], [false, true, 'timeout']);
    assert.match(error.message, /timed out; it may have been applied/);
    assert.equal(requests.length, 1);
  });

  test('a connection that never opened is retried, then surfaces as retryable', async () => {
    const refused = () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const { writer, requests, retry } = setup([refused(), refused(), refused()]);
    const error = await failure(writeWithRetry(writer, VOICECALL_ID, {}, { ...retry, policy: { maxAttempts: 3 } }));
    assert.equal(error.retryable, true);
    assert.equal(error.mayHaveBeenApplied, false);
    assert.equal(requests.length, 3);
  });

  // 500/502 were "fail at once, not retryable"; the issue makes every transient 5xx retryable like 503.
  const statuses: readonly (readonly [number, boolean])[] = [
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ];
  for (const [status, retryable] of statuses) {
    test(`HTTP ${status} fails at once (retryable: ${retryable})`, async () => {
      const body = JSON.stringify([{ errorCode: 'SOME_CODE', message: 'call +15555550100 failed' }]);
      const { writer, requests } = setup([new Response(body, { status })]);
      const error = await failure(writer.updateVoiceCall(VOICECALL_ID, {}));
      assert.equal(error.status, status);
      assert.equal(error.retryable, retryable);
      assert.equal(error.mayHaveBeenApplied, false);
      assert.match(error.message, /SOME_CODE/);
      assert.ok(!error.message.includes('5555550100'));
      assert.equal(requests.length, 1);
    });
  }

  test('exhausted 429s surface as retryable with the status, after at most maxAttempts (5) PATCHes', async () => {
    const { writer, requests, retry } = setup(Array.from({ length: 6 }, () => new Response('', { status: 429 })));
    const error = await failure(writeWithRetry(writer, VOICECALL_ID, {}, retry));
    assert.deepEqual([error.status, error.retryable], [429, true]);
    assert.equal(requests.length, 5);
  });

  test('a 500 is retried under the same policy as 503', async () => {
    const { writer, requests, sleeps, retry } = setup([
      new Response('', { status: 500 }),
      new Response('', { status: 502 }),
      new Response('', { status: 504 }),
    ]);
    await writeWithRetry(writer, VOICECALL_ID, {}, retry);
    assert.equal(requests.length, 4);
    assert.deepEqual(sleeps, [125, 250, 500]);
  });

  test('rejects a non-VoiceCall Id before any request', async () => {
    const { writer, requests } = setup([]);
    for (const bad of ['c0ffee00-0000-4000-8000-000000000001', '0015000000Gv7qJAAR', '0LQ5g000000AbCd/../x']) {
      await assert.rejects(writer.updateVoiceCall(bad, {}), InvalidIdentifierError);
    }
    assert.equal(requests.length, 0);
  });

  test('options: provider name, no callCenterApiName, validation', async () => {
    const { writer, requests } = setup([], { providerName: 'Amazon Connect', includeCallCenterApiName: false });
    await writer.updateVoiceCall(VOICECALL_ID, { queue: 'Q' });
    assert.equal(new Headers(requests[0]?.init.headers).get('telephony-provider-name'), 'Amazon Connect');
    assert.deepEqual(JSON.parse(String(requests[0]?.init.body)), { queue: 'Q' });
    const base = { scrtBaseUrl: 'https://a.example.com', orgId: ORG_ID, callCenterApiName: 'CC', privateKeyPem: PEM };
    assert.throws(() => new TelephonyApiVoiceCallWriter({ ...base, orgId: '0015000000Gv7qJAAR' }), InvalidIdentifierError);
    assert.throws(() => new TelephonyApiVoiceCallWriter({ ...base, callCenterApiName: 'a b' }), TypeError);
    assert.throws(() => new TelephonyApiVoiceCallWriter({ ...base, scrtBaseUrl: 'http://a.example.com' }), TypeError);
    assert.throws(() => new TelephonyApiVoiceCallWriter({ ...base, providerName: 'x\r\nInjected: 1' }), TypeError);
    assert.throws(() => new TelephonyApiVoiceCallWriter({ ...base, privateKeyPem: 'nope' }), TypeError);
  });
});
