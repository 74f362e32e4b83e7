import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { VoiceCallWriteError } from '../../../src/errors.ts';
import type { HttpFailure } from '../../../src/http/classifyFailure.ts';
import { startOrgSimulator, type RunningOrgSimulator } from '@ctr-resync/org-simulator';
import { TelephonyApiVoiceCallWriter } from '../../../src/writers/TelephonyApiVoiceCallWriter.ts';
import { writeWithRetry, type WriteRetryOptions } from '../../../src/writers/writeWithRetry.ts';

// The one retry policy over real HTTP: TelephonyApiVoiceCallWriter (one PATCH per call) driven by
// writeWithRetry against the org simulator's Telephony API, with the engine's hooks.

let sim: RunningOrgSimulator;
let writer: TelephonyApiVoiceCallWriter;
let serial = 0;
const FIELDS = { queue: 'Support', totalHoldDuration: 42 };

function unsyncedVoiceCall(): string {
  serial += 1;
  const [id] = sim.insertVoiceCalls([
    {
      VendorCallKey: `c0ffee00-0000-4000-9000-${String(serial).padStart(12, '0')}`,
      CallStartDateTime: '2025-01-01T10:00:00Z',
      CustomerHoldDuration: null,
    },
  ]);
  assert.ok(id);
  return id;
}

const telephony = () => Object.entries(sim.counters().endpoints).find(([key]) => key.startsWith('PATCH /telephony'))?.[1];

/** The engine's hooks: count every attempt (paced by a limiter) and every 429. */
function engineHooks(): { options: WriteRetryOptions; attempts: () => number; throttles: () => number; retryable: HttpFailure[] } {
  let attempts = 0;
  let throttles = 0;
  const retryable: HttpFailure[] = [];
  return {
    options: {
      policy: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      beforeAttempt: async () => {
        attempts += 1;
      },
      onRetryable: (failure) => {
        retryable.push(failure);
        if (failure.status === 429) throttles += 1;
      },
    },
    attempts: () => attempts,
    throttles: () => throttles,
    retryable,
  };
}

before(async () => {
  sim = await startOrgSimulator({ config: { retryAfterSeconds: 0, applyDelayMs: { fixed: 5, jitter: 0 }, telephonyRatePerSecond: 10_000 } });
  const cc = sim.generatedCredentials?.contactCenter;
  assert.ok(cc);
  writer = new TelephonyApiVoiceCallWriter({
    scrtBaseUrl: `${sim.url}/telephony/v1`,
    orgId: cc.orgId,
    callCenterApiName: cc.callCenterApiName,
    privateKeyPem: cc.privateKeyPem,
  });
});

after(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.setConfig({ errorRates: { telephony: {} }, retryAfterSeconds: 0 });
  sim.resetCounters();
});

describe('writeWithRetry over the Telephony API (org simulator)', () => {
  test('a 500 from the Telephony API is now retried under the same policy as 503', async () => {
    // Prepare
    sim.setConfig({ errorRates: { telephony: { '500': 1 } } });
    const id = unsyncedVoiceCall();
    const hooks = engineHooks();
    let sent = 0;

    // Act: the first attempt gets a 500, then the fault is lifted.
    await writeWithRetry(writer, id, FIELDS, {
      ...hooks.options,
      beforeAttempt: async () => {
        sent += 1;
        if (sent === 2) sim.setConfig({ errorRates: { telephony: {} } });
      },
    });

    // Assess
    assert.deepEqual(telephony()?.statuses, { '200': 1, '500': 1 });
    assert.equal(sent, 2);
    await sim.settled();
    assert.equal(sim.getVoiceCall(id)?.CustomerHoldDuration, 42);
  });

  test('a 429 storm: every attempt goes through beforeAttempt, every 429 reaches onRetryable, at most maxAttempts PATCHes per call', async () => {
    // Prepare
    sim.setConfig({ errorRates: { telephony: { '429': 1 } } });
    const ids = Array.from({ length: 6 }, () => unsyncedVoiceCall());
    const hooks = engineHooks();

    // Act
    const results = await Promise.all(
      ids.map((id) =>
        writeWithRetry(writer, id, FIELDS, hooks.options).then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );

    // Assess
    for (const error of results) {
      assert.ok(error instanceof VoiceCallWriteError);
      assert.deepEqual([error.status, error.retryable, error.mayHaveBeenApplied], [429, true, false]);
    }
    const counts = telephony();
    assert.equal(counts?.requests, ids.length * 4, 'exactly maxAttempts PATCHes per VoiceCall');
    assert.equal(hooks.attempts(), counts?.requests, 'each PATCH was paced by beforeAttempt');
    assert.equal(hooks.throttles(), counts?.requests, 'each 429 was reported');
    assert.ok(ids.every((id) => sim.getVoiceCall(id)?.CustomerHoldDuration === null));
  });

  test('a storm that relents: throttled calls are retried until accepted', async () => {
    sim.setConfig({ errorRates: { telephony: { '429': 0.5 } } });
    const ids = Array.from({ length: 10 }, () => unsyncedVoiceCall());
    const hooks = engineHooks();
    await Promise.all(
      ids.map((id) => writeWithRetry(writer, id, FIELDS, { ...hooks.options, policy: { maxAttempts: 30, baseDelayMs: 1, maxDelayMs: 5 } })),
    );
    const counts = telephony();
    assert.equal(counts?.statuses['200'], ids.length);
    assert.equal(hooks.attempts(), counts?.requests);
    assert.equal(hooks.throttles(), counts?.statuses['429'] ?? 0);
    await sim.settled();
    assert.ok(ids.every((id) => sim.getVoiceCall(id)?.CustomerHoldDuration === 42));
  });

  test('a Retry-After beyond the cap is not waited for: one PATCH, still retryable', async () => {
    sim.setConfig({ errorRates: { telephony: { '429': 1 } }, retryAfterSeconds: 3_600 });
    const error = await writeWithRetry(writer, unsyncedVoiceCall(), FIELDS, engineHooks().options).catch((e: unknown) => e);
    assert.ok(error instanceof VoiceCallWriteError);
    assert.deepEqual([error.retryable, error.retryAfterMs], [true, 3_600_000]);
    assert.equal(telephony()?.requests, 1);
  });

  test('a lost answer is not resent: one PATCH, and the error says it may have been applied', async () => {
    sim.setConfig({ errorRates: { telephony: { drop: 1 } } });
    const hooks = engineHooks();
    const error = await writeWithRetry(writer, unsyncedVoiceCall(), FIELDS, hooks.options).catch((e: unknown) => e);
    assert.ok(error instanceof VoiceCallWriteError);
    assert.deepEqual([error.retryable, error.mayHaveBeenApplied, error.status], [false, true, undefined]);
    assert.equal(telephony()?.requests, 1);
    assert.equal(telephony()?.dropped, 1);
    assert.equal(hooks.attempts(), 1);
    assert.equal(hooks.retryable.length, 0);
  });
});
