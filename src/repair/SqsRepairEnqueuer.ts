import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { EnqueueResult, RepairEnqueuer, RepairRequest } from './RepairEnqueuer.ts';
import { encodeRepairMessage } from './repairMessage.ts';

/** SendMessageBatch takes at most 10 entries. */
const SQS_BATCH_MAX = 10;

/** Options of {@link SqsRepairEnqueuer}. */
interface SqsRepairEnqueuerOptions {
  readonly client: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  /** Per-message delivery delay (0–900 s); none leaves the queue's own `DelaySeconds` in force. */
  readonly delaySeconds?: number;
}

/**
 * The repair-queue port on Amazon SQS: `SendMessageBatch` of at most 10 messages, sent one after
 * the other. Entries SQS reports as failed, and every entry of a call that threw, come back in
 * `failed`; nothing is retried here (the archive Lambda reports those records, so Kinesis retries them).
 */
class SqsRepairEnqueuer implements RepairEnqueuer {
  readonly #options: SqsRepairEnqueuerOptions;

  public constructor(options: SqsRepairEnqueuerOptions) {
    this.#options = options;
  }

  public async enqueue(requests: readonly RepairRequest[]): Promise<EnqueueResult> {
    const failed: RepairRequest[] = [];
    for (let i = 0; i < requests.length; i += SQS_BATCH_MAX) {
      const chunk = requests.slice(i, i + SQS_BATCH_MAX);
      const entries: SendMessageBatchRequestEntry[] = chunk.map((request, index) => ({
        Id: String(index),
        MessageBody: encodeRepairMessage(request),
        ...(this.#options.delaySeconds === undefined ? {} : { DelaySeconds: this.#options.delaySeconds }),
      }));
      try {
        const answer = await this.#options.client.send(new SendMessageBatchCommand({ QueueUrl: this.#options.queueUrl, Entries: entries }));
        const succeeded = new Set((answer.Successful ?? []).map((entry) => entry.Id));
        for (const [index, request] of chunk.entries()) if (!succeeded.has(String(index))) failed.push(request);
      } catch {
        failed.push(...chunk);
      }
    }
    return { failed };
  }
}

export { SQS_BATCH_MAX, SqsRepairEnqueuer };
export type { SqsRepairEnqueuerOptions };
