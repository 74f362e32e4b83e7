import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { type RunningConnectSimulator, startConnectSimulator } from '@ctr-resync/connect-simulator';
import { INSTANCE_ID, seedRows } from './seedRows.ts';

const SQL = `SELECT "contact_id", "initiation_timestamp", "agent_number_of_holds", json_format(CAST("attributes" AS JSON)) AS "attributes_json" FROM "connect_datalake"."contact_record" WHERE "instance_id" = '${INSTANCE_ID}' AND "initiation_timestamp" >= TIMESTAMP '2026-03-02 00:00:00' AND "initiation_timestamp" < TIMESTAMP '2026-03-03 00:00:00'`;

describe('connect-simulator: Athena over HTTP with the real SDK client', () => {
  let sim: RunningConnectSimulator;
  let athena: AthenaClient;
  before(async () => {
    sim = await startConnectSimulator({ rows: seedRows(5), athena: { queuedPolls: 1, runningPolls: 2 } });
    athena = new AthenaClient({
      endpoint: sim.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    athena.destroy();
    await sim.close();
  });

  const start = async (sql = SQL) =>
    (await athena.send(new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: 'primary' }))).QueryExecutionId as string;
  const state = async (id: string) => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State;

  it('moves a query QUEUED → RUNNING → SUCCEEDED and pages results with the header row first', async () => {
    // Act
    const id = await start();
    const states = [await state(id), await state(id), await state(id), await state(id)];
    const first = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 3 }));
    const second = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 3, NextToken: first.NextToken }));
    // Assess
    assert.deepEqual(states, ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    const rows = [...(first.ResultSet?.Rows ?? []), ...(second.ResultSet?.Rows ?? [])];
    assert.deepEqual(
      rows[0]?.Data?.map((d) => d.VarCharValue),
      ['contact_id', 'initiation_timestamp', 'agent_number_of_holds', 'attributes_json'],
    );
    assert.equal(rows.length, 6);
    assert.equal(second.NextToken, undefined);
    assert.equal(rows[1]?.Data?.[1]?.VarCharValue, '2026-03-02 10:00:00.000');
    assert.deepEqual(JSON.parse(rows[1]?.Data?.[3]?.VarCharValue ?? ''), { 'sfdc-Reason__c': 'billing' });
    assert.deepEqual(rows[2]?.Data?.[2], {}, 'a SQL NULL is an empty Datum');
    assert.equal(first.ResultSet?.ResultSetMetadata?.ColumnInfo?.[2]?.Type, 'bigint');
  });

  it('refuses SQL outside its subset with InvalidRequestException', async () => {
    await assert.rejects(
      start('SELECT * FROM contact_record'),
      (e: unknown) => e instanceof InvalidRequestException && /Unsupported by the simulator/.test(e.message),
    );
  });

  it('ends a query FAILED or CANCELLED when told to, and on StopQueryExecution', async () => {
    sim.athena.inject({ kind: 'fail-next-query', message: 'HIVE_CURSOR_ERROR: simulated' });
    const failed = await start();
    for (let i = 0; i < 3; i += 1) await state(failed);
    const described = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: failed }));
    assert.equal(described.QueryExecution?.Status?.State, 'FAILED');
    assert.match(described.QueryExecution?.Status?.StateChangeReason ?? '', /HIVE_CURSOR_ERROR/);

    sim.athena.inject({ kind: 'cancel-next-query' });
    const cancelled = await start();
    for (let i = 0; i < 3; i += 1) await state(cancelled);
    assert.equal(await state(cancelled), 'CANCELLED');

    const stopped = await start();
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: stopped }));
    assert.equal(await state(stopped), 'CANCELLED');
    await assert.rejects(athena.send(new GetQueryResultsCommand({ QueryExecutionId: stopped })), InvalidRequestException);
  });

  it('answers an unknown table with a FAILED query, as Athena does', async () => {
    const id = await start(SQL.replace('"contact_record"', '"contact_records"'));
    for (let i = 0; i < 3; i += 1) await state(id);
    const described = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    assert.match(described.QueryExecution?.Status?.StateChangeReason ?? '', /TABLE_NOT_FOUND/);
  });

  it('throttles with ThrottlingException and TooManyRequestsException (HTTP 400)', async () => {
    sim.athena.inject({ kind: 'throttle', action: 'StartQueryExecution', errorType: 'ThrottlingException' });
    await assert.rejects(
      start(),
      (e: unknown) =>
        (e as { name?: string }).name === 'ThrottlingException' &&
        (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 400,
    );
    sim.athena.inject({ kind: 'throttle', action: 'StartQueryExecution', errorType: 'TooManyRequestsException' });
    await assert.rejects(start(), (e: unknown) => (e as { name?: string }).name === 'TooManyRequestsException');
    assert.ok(await start());
  });
});
