import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { VoiceCallWriteError } from '../../../src/errors.ts';
import { startOrgSimulator, type RunningOrgSimulator, type SimulatorCredentials } from '@ctr-resync/org-simulator';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { TelephonyApiVoiceCallWriter, type TelephonyApiVoiceCallWriterOptions } from '../../../src/writers/TelephonyApiVoiceCallWriter.ts';
import { writeWithRetry } from '../../../src/writers/writeWithRetry.ts';

// The direct Telephony API writer over real HTTP against the org simulator's SCRT endpoint.

let sim: RunningOrgSimulator;
let credentials: SimulatorCredentials;
let serial = 0;

function ctr(contactId: string): ContactTraceRecord {
  return {
    ContactId: contactId,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: '2025-01-01T10:00:00Z',
    DisconnectTimestamp: '2025-01-01T10:05:00Z',
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    Agent: {
      ConnectedToAgentTimestamp: '2025-01-01T10:01:00Z',
      CustomerHoldDuration: 42,
      LongestHoldDuration: 30,
      NumberOfHolds: 2,
      AgentInteractionDuration: 200,
    },
    Queue: { EnqueueTimestamp: '2025-01-01T10:00:20Z', Name: 'Support' },
    SystemEndpoint: { Address: '+18005550100' },
    CustomerEndpoint: { Address: '+15555550100' },
    Attributes: {},
  };
}

/** A VoiceCall as SCV creates it at call start, before any CTR sync. */
function unsyncedVoiceCall(): { id: string; contactId: string } {
  serial += 1;
  const contactId = `c0ffee00-0000-4000-8000-${String(serial).padStart(12, '0')}`;
  const [id] = sim.insertVoiceCalls([{ VendorCallKey: contactId, CallStartDateTime: '2025-01-01T10:00:00Z', CustomerHoldDuration: null }]);
  assert.ok(id);
  return { id, contactId };
}

function writer(overrides: Partial<TelephonyApiVoiceCallWriterOptions> = {}): { writer: TelephonyApiVoiceCallWriter; tokens: string[] } {
  const tokens: string[] = [];
  const cc = credentials.contactCenter;
  const w = new TelephonyApiVoiceCallWriter({
    scrtBaseUrl: `${sim.url}/telephony/v1`,
    orgId: cc.orgId,
    callCenterApiName: cc.callCenterApiName,
    privateKeyPem: cc.privateKeyPem,
    fetch: async (input, init) => {
      tokens.push(String(new Headers(init?.headers).get('authorization')));
      return fetch(input, init);
    },
    ...overrides,
  });
  return { writer: w, tokens };
}

/** Retries now live in writeWithRetry (the one retry policy); the writer makes one attempt. */
const POLICY = { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5 };

const jtiOf = (authorization: string) =>
  (JSON.parse(Buffer.from(String(authorization.split('.')[1]), 'base64url').toString()) as { jti: string }).jti;
const telephony = () => Object.entries(sim.counters().endpoints).find(([key]) => key.startsWith('PATCH /telephony'))?.[1];

before(async () => {
  sim = await startOrgSimulator({ config: { retryAfterSeconds: 0, applyDelayMs: { fixed: 50, jitter: 0 } } });
  assert.ok(sim.generatedCredentials);
  credentials = sim.generatedCredentials;
});

after(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.setConfig({ errorRates: { telephony: {} }, applyDelayMs: { fixed: 20, jitter: 0 } });
  sim.resetCounters();
});

describe('TelephonyApiVoiceCallWriter against the org simulator', () => {
  test('the JWT is accepted; the answer is pending, then the VoiceCall holds the CTR data', async () => {
    sim.setConfig({ applyDelayMs: { fixed: 400, jitter: 0 } }); // wide enough to observe "pending"
    const { id, contactId } = unsyncedVoiceCall();
    const since = sim.telephonyLog().at(-1)?.seq ?? 0;
    await writer().writer.updateVoiceCall(id, transformCtr(ctr(contactId)).fields);
    const [entry] = sim.telephonyLog(since).filter((e) => e.id === id);
    assert.equal(entry?.status, 200);
    assert.equal(entry?.outcome, 'pending', 'accepted, not yet applied');
    assert.equal((entry?.body as { callCenterApiName?: string } | undefined)?.callCenterApiName, credentials.contactCenter.callCenterApiName);
    await sim.settled();
    const record = sim.getVoiceCall(id);
    assert.equal(record?.CustomerHoldDuration, 42);
    assert.equal(record?.NumberOfHolds, 2);
    assert.equal(record?.QueueName, 'Support');
    assert.equal(record?.DisconnectReason, 'CUSTOMER_DISCONNECT');
    assert.equal(sim.findVoiceCalls(contactId).length, 1, 'patched by Id: no duplicate VoiceCall');
  });

  test('a fresh jti for every request', async () => {
    const { writer: w, tokens } = writer();
    for (let i = 0; i < 3; i += 1) {
      const { id, contactId } = unsyncedVoiceCall();
      await w.updateVoiceCall(id, transformCtr(ctr(contactId)).fields);
    }
    assert.equal(new Set(tokens.map(jtiOf)).size, 3);
    assert.deepEqual(telephony()?.statuses, { '200': 3 });
  });

  test('429 (and 503) are retried with a new token until accepted', async () => {
    sim.setConfig({ errorRates: { telephony: { '429': 0.4, '503': 0.2 } } });
    const { writer: w, tokens } = writer();
    const calls = Array.from({ length: 12 }, () => unsyncedVoiceCall());
    let retries = 0;
    const onRetry = () => {
      retries += 1;
    };
    await Promise.all(calls.map(({ id, contactId }) => writeWithRetry(w, id, transformCtr(ctr(contactId)).fields, { policy: POLICY, onRetry })));
    const counts = telephony();
    assert.ok((counts?.statuses['429'] ?? 0) > 0, 'some requests were throttled');
    assert.equal(counts?.statuses['200'], 12);
    assert.equal(new Set(tokens.map(jtiOf)).size, tokens.length, 'no jti was replayed');
    assert.equal(retries, counts?.faults);
    await sim.settled();
    assert.ok(calls.every(({ id }) => sim.getVoiceCall(id)?.CustomerHoldDuration === 42));
  });

  test('a dropped connection is not resent: it surfaces as "may have been applied"', async () => {
    sim.setConfig({ errorRates: { telephony: { drop: 1 } } });
    const { writer: w } = writer();
    const { id, contactId } = unsyncedVoiceCall();
    const before = telephony()?.dropped ?? 0;
    await assert.rejects(
      writeWithRetry(w, id, transformCtr(ctr(contactId)).fields, { policy: POLICY }),
      (e: unknown) => e instanceof VoiceCallWriteError && !e.retryable && /may have been applied/.test(e.message),
    );
    assert.equal((telephony()?.dropped ?? 0) - before, 1, 'sent exactly once');
    sim.setConfig({ errorRates: { telephony: { drop: 0 } } });
  });

  test('a wrong key is a non-retryable 401', async () => {
    const other = await startOrgSimulator();
    try {
      const wrongKey = other.generatedCredentials?.contactCenter.privateKeyPem ?? '';
      const { id } = unsyncedVoiceCall();
      const error = await writer({ privateKeyPem: wrongKey })
        .writer.updateVoiceCall(id, {})
        .then(
          () => assert.fail('expected a 401'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof VoiceCallWriteError);
      assert.equal(error.status, 401);
      assert.equal(error.retryable, false);
      assert.equal(telephony()?.requests, 1);
    } finally {
      await other.close();
    }
  });
});
