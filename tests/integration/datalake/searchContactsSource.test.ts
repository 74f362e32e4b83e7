import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnectClient } from '@aws-sdk/client-connect';
import { type RunningConnectSimulator, startConnectSimulator } from '@ctr-resync/connect-simulator';
import { AwsThrottledError, DataLakeSourceError } from '../../../src/datalake/dataLakeErrors.ts';
import { type ContactSummary, SearchContactsSource, type SearchContactsSourceOptions } from '../../../src/datalake/SearchContactsSource.ts';
import { ctrToSimulatorRow, TEST_INSTANCE_ID } from '../../helpers/dataLakeRows.ts';
import { ctrFactory } from '../../helpers/factories.ts';

const WINDOW = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
const COUNT = 230;

describe('SearchContactsSource against the simulated SearchContacts over HTTP', () => {
  let sim: RunningConnectSimulator;
  let client: ConnectClient;
  let clock = 1_000_000;
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
    clock += ms;
  };
  const source = (overrides: Partial<SearchContactsSourceOptions> = {}) =>
    new SearchContactsSource({ client, instanceId: TEST_INSTANCE_ID, sleep, random: () => 1, now: () => clock, ...overrides });
  const collect = async (iterable: AsyncIterable<ContactSummary>) => {
    const out: ContactSummary[] = [];
    for await (const c of iterable) out.push(c);
    return out;
  };

  before(async () => {
    const t0 = Date.parse('2026-03-02T00:00:00Z');
    const rows = Array.from({ length: COUNT }, (_, i) =>
      ctrToSimulatorRow(
        ctrFactory({
          ContactId: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
          InitiationTimestamp: new Date(t0 + i * 600_000).toISOString(),
        }),
      ),
    );
    sim = await startConnectSimulator({ rows, searchContacts: { now: () => clock } });
    client = new ConnectClient({
      endpoint: sim.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await sim.close();
  });

  it('pages through every contact paced at 0.5 RPS, so the 0.5 RPS burst-1 limit never answers 429', async () => {
    // Act
    const throttledBefore = sim.searchContacts.throttled;
    const contacts = await collect(source().contacts(WINDOW));
    // Assess
    assert.equal(contacts.length, COUNT);
    assert.equal(new Set(contacts.map((c) => c.contactId)).size, COUNT);
    assert.equal(contacts[0]?.initiationTimestamp, '2026-03-02T00:00:00.000Z');
    assert.equal(contacts[0]?.channel, 'VOICE');
    assert.equal(sim.searchContacts.throttled, throttledBefore);
    assert.ok(delays.every((d) => d <= 2_000));
  });

  it('backs off on 429 with growing delays and recovers', async () => {
    // Prepare
    delays.length = 0;
    clock += 10_000;
    sim.searchContacts.throttleNext(3);
    // Act
    const contacts = await collect(source({ throttle: { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 30_000 } }).contacts(WINDOW));
    // Assess
    assert.equal(contacts.length, COUNT);
    assert.deepEqual(delays.slice(0, 3), [2_000, 4_000, 8_000]);
  });

  it('answers a 429 from the real rate limit when not paced, then recovers by backing off', async () => {
    clock += 10_000;
    const before = sim.searchContacts.throttled;
    const contacts = await collect(source({ ratePerSecond: 1000 }).contacts(WINDOW));
    assert.equal(contacts.length, COUNT);
    assert.ok(sim.searchContacts.throttled > before, 'the simulator did throttle');
  });

  it('gives up with AwsThrottledError, and wraps other Connect errors', async () => {
    clock += 10_000;
    sim.searchContacts.throttleNext(4);
    await assert.rejects(
      collect(source({ throttle: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 } }).contacts(WINDOW)),
      (e: unknown) => e instanceof AwsThrottledError && e.service === 'connect' && e.attempts === 4,
    );
    clock += 10_000;
    await assert.rejects(
      collect(new SearchContactsSource({ client, instanceId: '00000000-0000-4000-8000-000000000000', sleep, now: () => clock }).contacts(WINDOW)),
      (e: unknown) => e instanceof DataLakeSourceError && e.awsError === 'ResourceNotFoundException',
    );
  });
});
