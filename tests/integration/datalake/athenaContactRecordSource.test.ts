import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AthenaClient } from '@aws-sdk/client-athena';
import { type RunningConnectSimulator, startConnectSimulator } from '@ctr-resync/connect-simulator';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import {
  AthenaContactRecordSource,
  type AthenaContactRecordSourceOptions,
  type DataLakeRecord,
} from '../../../src/datalake/AthenaContactRecordSource.ts';
import { AthenaQueryError, AwsThrottledError } from '../../../src/datalake/dataLakeErrors.ts';
import { InvalidIdentifierError } from '../../../src/errors.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { ctrToSimulatorRow, TEST_INSTANCE_ID } from '../../helpers/dataLakeRows.ts';
import { ctrFactory } from '../../helpers/factories.ts';

const WINDOW = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };

/** Seven contacts over two days, plus one before the window and one of another instance. */
function capturedCtrs(): ContactTraceRecord[] {
  const at = (iso: string, i: number) =>
    ctrFactory({ ContactId: `c0ffee00-0000-4000-8000-00000000000${i}`, InitiationTimestamp: iso, DisconnectTimestamp: iso.replace(':00Z', ':45Z') });
  return [
    at('2026-03-02T08:00:00Z', 1),
    ctrFactory({ ...at('2026-03-02T09:00:00Z', 2), Agent: null, Queue: null }),
    at('2026-03-02T23:59:00Z', 3),
    at('2026-03-03T00:00:00Z', 4),
    at('2026-03-03T12:00:00Z', 5),
    ctrFactory({ ...at('2026-03-03T13:00:00Z', 6), InitiationMethod: 'OUTBOUND' }),
    at('2026-03-03T23:00:00Z', 7),
  ];
}

describe('AthenaContactRecordSource against the simulated Athena over HTTP', () => {
  let sim: RunningConnectSimulator;
  let client: AthenaClient;
  const ctrs = capturedCtrs();
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  const source = (overrides: Partial<AthenaContactRecordSourceOptions> = {}) =>
    new AthenaContactRecordSource({
      client,
      instanceId: TEST_INSTANCE_ID,
      pageSize: 3,
      sleep,
      random: () => 1,
      outputLocation: 's3://results-bucket/athena/',
      ...overrides,
    });
  const collect = async (iterable: AsyncIterable<DataLakeRecord>) => {
    const out: DataLakeRecord[] = [];
    for await (const r of iterable) out.push(r);
    return out;
  };

  before(async () => {
    const rows = [
      ...ctrs.map((c) => ctrToSimulatorRow(c)),
      ctrToSimulatorRow(ctrFactory({ ContactId: 'c0ffee00-0000-4000-8000-0000000000aa', InitiationTimestamp: '2026-03-01T23:59:59Z' })),
      ctrToSimulatorRow(
        ctrFactory({ ContactId: 'c0ffee00-0000-4000-8000-0000000000bb', InitiationTimestamp: '2026-03-02T10:00:00Z' }),
        '99999999-2222-4333-8444-555555555555',
      ),
    ];
    sim = await startConnectSimulator({ rows, athena: { queuedPolls: 1, runningPolls: 2 } });
    client = new AthenaClient({
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

  it('runs one query per UTC day, pages every result and maps each row to a CTR SCV transforms the same way', async () => {
    // Act
    const before = sim.athena.executions.length;
    const records = await collect(source().records(WINDOW));
    // Assess
    const mapped = records.map((r) => (r.kind === 'mapped' ? r.mapping : assert.fail(r.error.message)));
    assert.deepEqual(
      mapped.map((m) => m.contactId),
      ctrs.map((c) => c.ContactId),
    );
    for (const [i, m] of mapped.entries()) {
      assert.equal(m.complete, true);
      assert.deepEqual(transformCtr(m.ctr), transformCtr(ctrs[i] as ContactTraceRecord));
    }
    const executions = sim.athena.executions.slice(before);
    assert.equal(executions.length, 2);
    assert.deepEqual(
      executions.map((e) => e.partitions),
      [['2026-03-02'], ['2026-03-03']],
    );
    assert.match(
      executions[0]?.sql ?? '',
      /"initiation_timestamp" >= TIMESTAMP '2026-03-02 00:00:00\.000' AND "initiation_timestamp" < TIMESTAMP '2026-03-03 00:00:00\.000'/,
    );
    assert.equal(executions[0]?.workGroup, 'primary');
    assert.equal(executions[0]?.outputLocation, 's3://results-bucket/athena/');
    assert.ok(delays.length > 0, 'polled with backoff while QUEUED/RUNNING');
  });

  it('reports the columns a data lake lacks as missing inputs', async () => {
    const records = await collect(
      source({ omitColumns: ['agent_number_of_holds', 'last_update_timestamp'] }).records({
        from: WINDOW.from,
        to: new Date('2026-03-02T08:30:00Z'),
      }),
    );
    const [only] = records;
    assert.equal(only?.kind, 'mapped');
    if (only?.kind !== 'mapped') return;
    assert.equal(only.mapping.complete, false);
    assert.deepEqual(only.mapping.missing.map((m) => m.ctrField).sort(), ['Agent.NumberOfHolds', 'LastUpdateTimestamp']);
  });

  it('throws AthenaQueryError for a FAILED and a CANCELLED query', async () => {
    sim.athena.inject({ kind: 'fail-next-query', message: 'HIVE_BAD_DATA: simulated' });
    await assert.rejects(
      collect(source().records(WINDOW)),
      (e: unknown) => e instanceof AthenaQueryError && e.state === 'FAILED' && /HIVE_BAD_DATA/.test(e.message),
    );
    sim.athena.inject({ kind: 'cancel-next-query' });
    await assert.rejects(collect(source().records(WINDOW)), (e: unknown) => e instanceof AthenaQueryError && e.state === 'CANCELLED');
  });

  it('stops a query that outlives the poll budget', async () => {
    const stops = sim.athena.calls.StopQueryExecution ?? 0;
    await assert.rejects(
      collect(source({ poll: { initialDelayMs: 1, maxDelayMs: 1, maxPolls: 2 } }).records(WINDOW)),
      (e: unknown) => e instanceof AthenaQueryError && e.state === 'TIMED_OUT',
    );
    assert.equal(sim.athena.calls.StopQueryExecution, stops + 1);
  });

  it('retries throttled calls with growing backoff, then gives up with AwsThrottledError', async () => {
    // Prepare
    delays.length = 0;
    sim.athena.inject({ kind: 'throttle', action: 'StartQueryExecution', errorType: 'ThrottlingException', times: 2 });
    sim.athena.inject({ kind: 'throttle', action: 'GetQueryResults', errorType: 'TooManyRequestsException' });
    const throttle = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };
    // Act
    const records = await collect(source({ throttle }).records({ from: WINDOW.from, to: new Date('2026-03-03T00:00:00Z') }));
    // Assess
    assert.equal(records.length, 3);
    assert.deepEqual(delays.slice(0, 2), [100, 200]);
    sim.athena.inject({ kind: 'throttle', action: 'StartQueryExecution', times: 3 });
    await assert.rejects(
      collect(source({ throttle }).records(WINDOW)),
      (e: unknown) => e instanceof AwsThrottledError && e.attempts === 3 && e.service === 'athena',
    );
  });

  it('fails a query on an unknown table, and validates every name before it reaches SQL', async () => {
    await assert.rejects(
      collect(source({ table: 'not_there' }).records(WINDOW)),
      (e: unknown) => e instanceof AthenaQueryError && /TABLE_NOT_FOUND/.test(e.message),
    );
    assert.throws(() => source({ database: 'db"; DROP TABLE x; --' }), InvalidIdentifierError);
    assert.throws(() => source({ table: 'contact record' }), InvalidIdentifierError);
    assert.throws(() => source({ workGroup: "wg'" }), InvalidIdentifierError);
    assert.throws(() => source({ instanceId: "x' OR '1'='1" }), InvalidIdentifierError);
    assert.throws(() => source({ outputLocation: 'https://example.com/' }), InvalidIdentifierError);
    assert.throws(() => source({ omitColumns: ['x;y'] }), InvalidIdentifierError);
  });
});
