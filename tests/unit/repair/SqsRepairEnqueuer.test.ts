import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsRepairEnqueuer } from '../../../src/repair/SqsRepairEnqueuer.ts';
import { decodeRepairMessage } from '../../../src/repair/repairMessage.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/ctr-resync-repair';

function requests(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    contactId: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
    versionId: '20261120T100600000Z_0123456789abcdef',
  }));
}

// The SQS adapter is tested against a mocked client only; the repair path itself runs against an
// in-process stand-in for the queue (tests/integration/repair).
describe('SqsRepairEnqueuer (mocked SQS client)', () => {
  test('sends SendMessageBatch calls of at most 10 entries with identifier-only bodies', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id })) }));
    const enqueuer = new SqsRepairEnqueuer({ client: new SQSClient({ region: 'us-east-1' }), queueUrl: QUEUE_URL });
    const result = await enqueuer.enqueue(requests(23));
    assert.deepEqual(result.failed, []);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    assert.deepEqual(
      calls.map((c) => c.args[0].input.Entries?.length),
      [10, 10, 3],
    );
    const first = calls[0]!.args[0].input;
    assert.equal(first.QueueUrl, QUEUE_URL);
    assert.equal(first.Entries?.[0]?.DelaySeconds, undefined, "the queue's own DelaySeconds applies");
    assert.deepEqual(decodeRepairMessage(first.Entries?.[0]?.MessageBody ?? ''), requests(1)[0]);
  });

  test('returns the entries SQS reported failed, and every entry of a call that threw', async () => {
    const sqs = mockClient(SQSClient);
    const successfulExcept1 = Array.from({ length: 10 }, (_, i) => String(i))
      .filter((id) => id !== '1')
      .map((Id) => ({ Id, MessageId: `m${Id}`, MD5OfMessageBody: '' }));
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: successfulExcept1, Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }] })
      .rejectsOnce(new Error('network down'));
    const enqueuer = new SqsRepairEnqueuer({ client: new SQSClient({ region: 'us-east-1' }), queueUrl: QUEUE_URL, delaySeconds: 120 });
    const all = requests(12);
    const result = await enqueuer.enqueue(all);
    assert.deepEqual(result.failed, [all[1], all[10], all[11]]);
    assert.equal(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries?.[0]?.DelaySeconds, 120);
  });
});

describe('repair message', () => {
  test('refuses bodies that are not valid repair requests', () => {
    for (const body of [
      'nope',
      '{}',
      '{"v":1,"contactId":"../x","versionId":"20261120T100600000Z_0123456789abcdef"}',
      '{"v":1,"contactId":"a","versionId":"x"}',
    ]) {
      assert.throws(() => decodeRepairMessage(body), { code: 'MALFORMED_REPAIR_MESSAGE' });
    }
  });
});
