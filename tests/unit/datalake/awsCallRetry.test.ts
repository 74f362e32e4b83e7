import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AthenaContactRecordSource } from '../../../src/datalake/AthenaContactRecordSource.ts';
import { backoffDelay, isThrottling, withThrottleRetry } from '../../../src/datalake/awsCallRetry.ts';
import { CONTACT_RECORD_COLUMNS, PRESENCE_COLUMNS } from '../../../src/datalake/contactRecordColumns.ts';
import { AwsThrottledError, DataLakeSourceError } from '../../../src/datalake/dataLakeErrors.ts';

const awsError = (name: string, status: number) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
const noSleep = async () => undefined;
const policy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 25 };

describe('withThrottleRetry (error branches, mocked calls)', () => {
  it('recognises throttling by name or by HTTP 429', () => {
    assert.equal(isThrottling(awsError('ThrottlingException', 400)), true);
    assert.equal(isThrottling(awsError('TooManyRequestsException', 400)), true);
    assert.equal(isThrottling(awsError('Whatever', 429)), true);
    assert.equal(isThrottling(awsError('AccessDeniedException', 403)), false);
    assert.deepEqual(
      [1, 2, 3].map((a) => backoffDelay(policy, a)),
      [10, 20, 25],
    );
  });

  it('wraps a non-throttling AWS error in DataLakeSourceError with its name, at once', async () => {
    let calls = 0;
    await assert.rejects(
      withThrottleRetry(
        'athena',
        'StartQueryExecution',
        async () => {
          calls += 1;
          throw awsError('AccessDeniedException', 403);
        },
        policy,
        noSleep,
      ),
      (e: unknown) => e instanceof DataLakeSourceError && e.awsError === 'AccessDeniedException' && e.cause instanceof Error,
    );
    assert.equal(calls, 1);
  });

  it('rethrows a non-AWS error untouched, and gives up throttled calls with AwsThrottledError', async () => {
    const plain = new TypeError('bug');
    await assert.rejects(
      withThrottleRetry('connect', 'SearchContacts', async () => Promise.reject(plain), policy, noSleep),
      (e: unknown) => e === plain,
    );
    await assert.rejects(
      withThrottleRetry('connect', 'SearchContacts', async () => Promise.reject(awsError('ThrottlingException', 429)), policy, noSleep),
      (e: unknown) => e instanceof AwsThrottledError && e.attempts === 3 && e.retryable,
    );
  });

  it('refuses results whose columns are not the ones asked for', async () => {
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        switch (command.constructor.name) {
          case 'StartQueryExecutionCommand':
            return { QueryExecutionId: 'q1' };
          case 'GetQueryExecutionCommand':
            return { QueryExecution: { Status: { State: 'SUCCEEDED' } } };
          default:
            return { ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [{ Name: 'surprise', Type: 'varchar' }] } } };
        }
      },
    };
    const source = new AthenaContactRecordSource({ client: client as never, instanceId: 'abc-123', sleep: noSleep });
    const iterate = async () => {
      for await (const _ of source.records({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-02T01:00:00Z') })) void _;
    };
    await assert.rejects(iterate(), (e: unknown) => e instanceof DataLakeSourceError && e.awsError === 'UnexpectedColumns');
  });

  it('refuses a first page whose first row is not the header row', async () => {
    const names = [...CONTACT_RECORD_COLUMNS.map((c) => c.column), PRESENCE_COLUMNS.agent, PRESENCE_COLUMNS.queue];
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'StartQueryExecutionCommand') return { QueryExecutionId: 'q1' };
        if (command.constructor.name === 'GetQueryExecutionCommand') return { QueryExecution: { Status: { State: 'SUCCEEDED' } } };
        return {
          ResultSet: {
            Rows: [{ Data: names.map(() => ({ VarCharValue: 'data' })) }],
            ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name, Type: 'varchar' })) },
          },
        };
      },
    };
    const source = new AthenaContactRecordSource({ client: client as never, instanceId: 'abc-123', sleep: noSleep });
    const iterate = async () => {
      for await (const _ of source.records({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-02T01:00:00Z') })) void _;
    };
    await assert.rejects(iterate(), (e: unknown) => e instanceof DataLakeSourceError && e.awsError === 'UnexpectedHeader');
  });
});
