import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EnqueueResult, RepairEnqueuer, RepairRequest } from '../repair/RepairEnqueuer.ts';
import { encodeRepairMessage } from '../repair/repairMessage.ts';

/** Queue attributes, as on an SQS standard queue with a redrive policy. */
interface InProcessQueueOptions {
  /** The queue's DelaySeconds: a sent message is invisible this long. */
  readonly delaySeconds: number;
  /** VisibilityTimeout: a received message reappears this long after its receive unless deleted. */
  readonly visibilityTimeoutSeconds: number;
  /** Redrive policy: a message received this many times moves to the DLQ on its next receive. */
  readonly maxReceiveCount: number;
  /** The clock, in milliseconds (a simulated one in tests and the demo). */
  readonly now: () => number;
  readonly queueArn?: string;
}

interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
}

/**
 * An in-process stand-in for the SQS repair queue and its dead-letter queue, with the semantics
 * the repair path depends on: per-queue delivery delay, visibility timeout, ApproximateReceiveCount,
 * redrive to the DLQ once a message was received maxReceiveCount times, and the Lambda event
 * source's partial batch response (only messages not listed in `batchItemFailures` are deleted).
 * Not modelled (the path does not depend on them): at-least-once duplicates on receive, message
 * ordering, retention expiry, long polling, message attributes, FIFO. It implements the
 * enqueuer port, so the archive handler sends to it exactly as it sends to SQS.
 */
class InProcessRepairQueue implements RepairEnqueuer {
  readonly #options: InProcessQueueOptions;
  readonly #messages = new Map<string, StoredMessage>();
  readonly #deadLetters: StoredMessage[] = [];
  #nextId = 0;
  /** Sends that fail (for tests of the enqueue-failure path): each call consumes one. */
  public failNextSends = 0;
  public sent = 0;

  public constructor(options: InProcessQueueOptions) {
    this.#options = options;
  }

  public async enqueue(requests: readonly RepairRequest[]): Promise<EnqueueResult> {
    if (this.failNextSends > 0) {
      this.failNextSends -= 1;
      return { failed: [...requests] };
    }
    const at = this.#options.now();
    for (const request of requests) {
      this.#nextId += 1;
      const messageId = `msg-${String(this.#nextId).padStart(8, '0')}`;
      this.#messages.set(messageId, {
        messageId,
        body: encodeRepairMessage(request),
        sentAt: at,
        visibleAt: at + this.#options.delaySeconds * 1000,
        receiveCount: 0,
      });
      this.sent += 1;
    }
    return { failed: [] };
  }

  /** Messages in the queue (visible, delayed or in flight). */
  public get depth(): number {
    return this.#messages.size;
  }

  /** Bodies of the messages redriven to the dead-letter queue. */
  public get deadLetters(): readonly { readonly body: string; readonly receiveCount: number }[] {
    return this.#deadLetters.map((m) => ({ body: m.body, receiveCount: m.receiveCount }));
  }

  /** When the next message becomes visible (undefined: the queue is empty). */
  public nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const m of this.#messages.values()) next = next === undefined ? m.visibleAt : Math.min(next, m.visibleAt);
    return next;
  }

  /**
   * ReceiveMessage: up to `max` visible messages, each made invisible for the visibility timeout
   * and its receive count raised; a message already received maxReceiveCount times moves to the DLQ instead.
   */
  public receive(max: number): SQSRecord[] {
    const now = this.#options.now();
    const out: SQSRecord[] = [];
    for (const m of [...this.#messages.values()].sort((a, b) => a.visibleAt - b.visibleAt)) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      if (m.receiveCount >= this.#options.maxReceiveCount) {
        this.#messages.delete(m.messageId);
        this.#deadLetters.push(m);
        continue;
      }
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.visibleAt = now + this.#options.visibilityTimeoutSeconds * 1000;
      out.push(this.#record(m));
    }
    return out;
  }

  /** DeleteMessage. */
  public delete(messageId: string): void {
    this.#messages.delete(messageId);
  }

  /**
   * Does what Lambda's SQS event source does for one poll: receives a batch, invokes the handler,
   * deletes the messages not reported in `batchItemFailures` (all of them stay when it throws).
   * @returns how many messages were received (0: nothing visible now)
   */
  public async deliver(batchSize: number, handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>): Promise<number> {
    const records = this.receive(batchSize);
    if (records.length === 0) return 0;
    let response: SQSBatchResponse | undefined;
    try {
      response = await handler({ Records: records });
    } catch {
      return records.length;
    }
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const r of records) if (!failed.has(r.messageId)) this.delete(r.messageId);
    return records.length;
  }

  /** Delivers batches until nothing is visible at the current time, `concurrency` invocations at once. */
  public async drain(batchSize: number, concurrency: number, handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>): Promise<number> {
    let delivered = 0;
    for (;;) {
      const round = await Promise.all(Array.from({ length: concurrency }, () => this.deliver(batchSize, handler)));
      const n = round.reduce((a, b) => a + b, 0);
      delivered += n;
      if (n === 0) return delivered;
    }
  }

  #record(m: StoredMessage): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'in-process',
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.#options.queueArn ?? 'arn:aws:sqs:us-east-1:000000000000:ctr-resync-repair',
      awsRegion: 'us-east-1',
    };
  }
}

export { InProcessRepairQueue };
export type { InProcessQueueOptions };
