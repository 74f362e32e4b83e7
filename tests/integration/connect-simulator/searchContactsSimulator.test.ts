import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnectClient, SearchContactsCommand } from '@aws-sdk/client-connect';
import { type RunningConnectSimulator, startConnectSimulator } from '@ctr-resync/connect-simulator';
import { INSTANCE_ID, seedRows } from './seedRows.ts';

describe('connect-simulator: SearchContacts over HTTP with the real SDK client', () => {
  let sim: RunningConnectSimulator;
  let connect: ConnectClient;
  let clock = 0;
  before(async () => {
    sim = await startConnectSimulator({ rows: seedRows(7), searchContacts: { now: () => clock } });
    connect = new ConnectClient({
      endpoint: sim.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    connect.destroy();
    await sim.close();
  });

  const search = (nextToken?: string, max = 3) =>
    connect.send(
      new SearchContactsCommand({
        InstanceId: INSTANCE_ID,
        TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2026-03-02T00:00:00Z'), EndTime: new Date('2026-03-03T00:00:00Z') },
        MaxResults: max,
        NextToken: nextToken,
      }),
    );

  it('pages summaries with TotalCount, and throttles beyond 0.5 RPS burst 1 with a 429', async () => {
    // Act
    clock = 0;
    const first = await search();
    const throttled = await search(first.NextToken).catch((e: unknown) => e);
    clock += 2_000;
    const second = await search(first.NextToken);
    clock += 2_000;
    const third = await search(second.NextToken);
    // Assess
    assert.equal(first.TotalCount, 7);
    assert.equal((throttled as { name?: string }).name, 'ThrottlingException');
    assert.equal((throttled as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 429);
    const ids = [...(first.Contacts ?? []), ...(second.Contacts ?? []), ...(third.Contacts ?? [])].map((c) => c.Id);
    assert.equal(new Set(ids).size, 7);
    assert.equal(third.NextToken, undefined);
    assert.ok(first.Contacts?.[0]?.InitiationTimestamp instanceof Date);
    assert.equal(first.Contacts?.[0]?.InitiationTimestamp?.toISOString(), '2026-03-02T10:00:00.000Z');
    assert.equal(first.Contacts?.[0]?.AgentInfo?.Id, 'a-1');
    assert.equal(first.Contacts?.[1]?.AgentInfo, undefined);
  });

  it('refuses MaxResults outside 1-100 and an unknown instance', async () => {
    clock += 10_000;
    await assert.rejects(search(undefined, 101), (e: unknown) => (e as { name?: string }).name === 'InvalidParameterException');
    clock += 10_000;
    await assert.rejects(
      connect.send(
        new SearchContactsCommand({
          InstanceId: '00000000-0000-4000-8000-000000000000',
          TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(0), EndTime: new Date(1000) },
        }),
      ),
      (e: unknown) => (e as { name?: string }).name === 'ResourceNotFoundException',
    );
  });
});
