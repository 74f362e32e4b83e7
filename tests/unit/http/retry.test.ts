import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyStatus, type HttpFailure } from '../../../src/http/classifyFailure.ts';
import { retry, type AttemptResult, type RetryOptions } from '../../../src/http/retry.ts';

// The one retry policy, driven by scripted attempt results (no network, no real waits).

const LOST: HttpFailure = { kind: 'lost-answer', retryable: false, mayHaveBeenApplied: true };
const TIMEOUT: HttpFailure = { kind: 'timeout', retryable: false, mayHaveBeenApplied: true };
const NOT_CONNECTED: HttpFailure = { kind: 'not-connected', retryable: true, mayHaveBeenApplied: false };

interface Run {
  readonly attempts: number;
  readonly sleeps: number[];
  readonly events: string[];
  readonly result: unknown;
}

/** Runs `retry` over scripted failures (then success), recording attempts, waits and hook calls. */
async function run(script: readonly HttpFailure[], options: RetryOptions = {}): Promise<Run> {
  const sleeps: number[] = [];
  const events: string[] = [];
  let attempts = 0;
  const attempt = async (n: number): Promise<AttemptResult<string>> => {
    attempts += 1;
    events.push(`attempt ${n}`);
    const failure = script[n - 1];
    return failure ? { ok: false, failure, error: Object.assign(new Error(`failure ${n}`), { failure }) } : { ok: true, value: 'done' };
  };
  const result = await retry(attempt, {
    random: () => 0.5,
    ...options,
    sleep: async (ms) => {
      sleeps.push(ms);
      events.push(`sleep ${ms}`);
    },
    beforeAttempt: async () => {
      events.push('before');
      await options.beforeAttempt?.();
    },
    onRetryable: (failure) => {
      events.push(`retryable ${failure.status ?? failure.kind}`);
      options.onRetryable?.(failure);
    },
  }).catch((error: unknown) => error);
  return { attempts, sleeps, events, result };
}

describe('retry', () => {
  test('succeeds after retryable failures, backing off with full jitter (random 0.5: 125, 250, 500 ms)', async () => {
    const r = await run([classifyStatus(500), classifyStatus(503), NOT_CONNECTED]);
    assert.equal(r.result, 'done');
    assert.equal(r.attempts, 4);
    assert.deepEqual(r.sleeps, [125, 250, 500]);
  });

  test('makes at most maxAttempts attempts and throws the last error, still retryable', async () => {
    const r = await run(
      Array.from({ length: 10 }, () => classifyStatus(429)),
      { policy: { maxAttempts: 3 } },
    );
    assert.equal(r.attempts, 3);
    assert.equal(r.sleeps.length, 2);
    assert.ok(r.result instanceof Error);
    assert.equal(r.result.message, 'failure 3');
  });

  test('the default bound is 5 attempts', async () => {
    const r = await run(Array.from({ length: 10 }, () => classifyStatus(503)));
    assert.equal(r.attempts, 5);
  });

  test('honours Retry-After instead of the backoff', async () => {
    const r = await run([classifyStatus(429, 2_000), classifyStatus(503, 0)]);
    assert.equal(r.result, 'done');
    assert.deepEqual(r.sleeps, [2_000, 0]);
  });

  test('a Retry-After beyond maxRetryAfterMs is not waited for: the failure goes up at once', async () => {
    const r = await run([classifyStatus(429, 3_600_000)], { policy: { maxRetryAfterMs: 60_000 } });
    assert.equal(r.attempts, 1);
    assert.deepEqual(r.sleeps, []);
    assert.equal((r.result as { failure: HttpFailure }).failure.retryable, true);
  });

  test('a Retry-After at the cap is waited for', async () => {
    const r = await run([classifyStatus(503, 60_000)], { policy: { maxRetryAfterMs: 60_000 } });
    assert.equal(r.result, 'done');
    assert.deepEqual(r.sleeps, [60_000]);
  });

  test('hooks run for every attempt, in order: beforeAttempt before each, onRetryable for each retryable failure', async () => {
    const r = await run([classifyStatus(429, 0), classifyStatus(503, 0)]);
    assert.deepEqual(r.events, [
      'before',
      'attempt 1',
      'retryable 429',
      'sleep 0',
      'before',
      'attempt 2',
      'retryable 503',
      'sleep 0',
      'before',
      'attempt 3',
    ]);
  });

  test('onRetryable sees the last retryable failure too, when attempts run out', async () => {
    const seen: number[] = [];
    const r = await run([classifyStatus(429), classifyStatus(429)], { policy: { maxAttempts: 2 }, onRetryable: (f) => seen.push(f.status ?? 0) });
    assert.equal(r.attempts, 2);
    assert.deepEqual(seen, [429, 429]);
  });

  for (const status of [400, 401, 403, 404]) {
    test(`a non-retryable ${status} stops at once`, async () => {
      const r = await run([classifyStatus(status)]);
      assert.equal(r.attempts, 1);
      assert.deepEqual(r.sleeps, []);
      assert.ok(!r.events.some((e) => e.startsWith('retryable')));
    });
  }

  for (const failure of [LOST, TIMEOUT]) {
    test(`a ${failure.kind} (may have been applied) is never retried`, async () => {
      const r = await run([failure], { policy: { maxAttempts: 5 } });
      assert.equal(r.attempts, 1);
      assert.ok(r.result instanceof Error);
    });

    test(`a ${failure.kind} is retried only for an idempotent request`, async () => {
      const r = await run([failure], { idempotent: true });
      assert.equal(r.result, 'done');
      assert.equal(r.attempts, 2);
    });
  }

  test('an attempt that throws is not retried', async () => {
    let attempts = 0;
    await assert.rejects(
      retry(async () => {
        attempts += 1;
        throw new TypeError('not an HTTP failure');
      }),
      TypeError,
    );
    assert.equal(attempts, 1);
  });

  test('a beforeAttempt that throws stops the run', async () => {
    await assert.rejects(
      retry(async () => ({ ok: true, value: 1 }), {
        beforeAttempt: async () => {
          throw new Error('limiter closed');
        },
      }),
      /limiter closed/,
    );
  });

  test('rejects an invalid policy', async () => {
    await assert.rejects(
      retry(async () => ({ ok: true, value: 1 }), { policy: { maxAttempts: 0 } }),
      TypeError,
    );
  });
});
