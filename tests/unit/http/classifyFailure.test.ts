import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyNetworkError, classifyStatus, type HttpFailure } from '../../../src/http/classifyFailure.ts';
import { HttpTransport } from '../../../src/http/HttpTransport.ts';

// The classification table: every status and network error → one HttpFailure.

type Expect = Pick<HttpFailure, 'kind' | 'retryable' | 'mayHaveBeenApplied'>;
const refused: Expect = { kind: 'status', retryable: true, mayHaveBeenApplied: false };
const fatal: Expect = { kind: 'status', retryable: false, mayHaveBeenApplied: false };

describe('classifyStatus', () => {
  const rows: readonly (readonly [number, Expect])[] = [
    [429, refused],
    [500, refused],
    [502, refused],
    [503, refused],
    [504, refused],
    [400, fatal],
    [401, fatal],
    [403, fatal],
    [404, fatal],
    [409, fatal],
    [501, fatal],
    [505, fatal],
  ];
  for (const [status, expected] of rows) {
    test(`HTTP ${status} → retryable ${expected.retryable}, not applied`, () => {
      assert.deepEqual(classifyStatus(status), { ...expected, status });
    });
  }
  test('keeps the Retry-After', () => {
    assert.deepEqual(classifyStatus(429, 2_000), { ...refused, status: 429, retryAfterMs: 2_000 });
  });
});

describe('classifyNetworkError', () => {
  const fetchFailed = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  const notConnected: Expect = { kind: 'not-connected', retryable: true, mayHaveBeenApplied: false };
  const lost: Expect = { kind: 'lost-answer', retryable: false, mayHaveBeenApplied: true };
  const rows: readonly (readonly [string, unknown, Expect])[] = [
    ['ECONNREFUSED', fetchFailed('ECONNREFUSED'), notConnected],
    ['ENOTFOUND', fetchFailed('ENOTFOUND'), notConnected],
    ['EAI_AGAIN', fetchFailed('EAI_AGAIN'), notConnected],
    ['UND_ERR_CONNECT_TIMEOUT', fetchFailed('UND_ERR_CONNECT_TIMEOUT'), notConnected],
    ['a bare ECONNREFUSED (SDK)', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), notConnected],
    ['ECONNRESET', fetchFailed('ECONNRESET'), lost],
    ['UND_ERR_SOCKET (other side closed)', fetchFailed('UND_ERR_SOCKET'), lost],
    ['EPIPE', fetchFailed('EPIPE'), lost],
    ['an unknown error', new Error('boom'), lost],
    ['a non-error value', 'weird', lost],
    [
      'AbortSignal.timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      { kind: 'timeout', retryable: false, mayHaveBeenApplied: true },
    ],
    ['an abort', new DOMException('aborted', 'AbortError'), { kind: 'timeout', retryable: false, mayHaveBeenApplied: true }],
  ];
  for (const [name, error, expected] of rows) {
    test(`${name} → ${expected.kind}`, () => assert.deepEqual(classifyNetworkError(error), expected));
  }
});

describe('HttpTransport.send classifies once', () => {
  const transport = (reply: () => Response | Promise<Response>) =>
    new HttpTransport({ fetch: (async () => reply()) as typeof globalThis.fetch, now: () => Date.parse('2025-01-01T00:00:00Z') }, 1_000);
  const request = { method: 'PATCH', url: 'https://example.com/x', headers: {} };

  test('a 2xx is an answer with its body', async () => {
    const outcome = await transport(() => new Response('{"status":"pending"}', { status: 200 })).send(request);
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.text, '{"status":"pending"}');
  });

  test('a 503 with Retry-After (seconds or date) carries retryAfterMs', async () => {
    for (const [value, ms] of [
      ['3', 3_000],
      ['Wed, 01 Jan 2025 00:00:05 GMT', 5_000],
    ] as const) {
      const outcome = await transport(() => new Response('[]', { status: 503, headers: { 'retry-after': value } })).send(request);
      assert.ok(!outcome.ok);
      assert.deepEqual(outcome.failure, { kind: 'status', status: 503, retryable: true, mayHaveBeenApplied: false, retryAfterMs: ms });
      assert.equal(outcome.answer?.text, '[]');
    }
  });

  test('a body cut off after the status line may have been applied', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"sta'));
        controller.error(Object.assign(new Error('terminated'), { code: 'UND_ERR_SOCKET' }));
      },
    });
    const outcome = await transport(() => new Response(body, { status: 200 })).send(request);
    assert.ok(!outcome.ok);
    assert.deepEqual(outcome.failure, { kind: 'lost-answer', retryable: false, mayHaveBeenApplied: true, status: 200 });
  });

  test('a refused connection is retryable and not applied', async () => {
    const outcome = await transport(() => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }).send(request);
    assert.ok(!outcome.ok);
    assert.deepEqual(outcome.failure, { kind: 'not-connected', retryable: true, mayHaveBeenApplied: false });
  });

  test('rejects a non-positive timeout', () => {
    assert.throws(() => new HttpTransport({ requestTimeoutMs: 0 }, 1_000), TypeError);
  });
});
