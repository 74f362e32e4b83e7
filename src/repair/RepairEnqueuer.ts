/** One archived voice contact version to check (and repair if its sync was lost) after a delay. */
interface RepairRequest {
  readonly contactId: string;
  /** The archived version (`<LastUpdateTimestamp>_<hash16>`), for logs and the message's identity. */
  readonly versionId: string;
}

/** What an enqueue call could not send; everything else was accepted by the queue. */
interface EnqueueResult {
  readonly failed: readonly RepairRequest[];
}

/**
 * The repair-queue port: the archive Lambda hands it each voice contact version it archived; the
 * queue delivers it to the repair checker after its delivery delay (SQS `DelaySeconds`).
 */
interface RepairEnqueuer {
  /**
   * Sends the requests (any number; adapters split them as their queue requires).
   * @returns the requests that were not accepted (the caller reports them for retry)
   */
  enqueue(requests: readonly RepairRequest[]): Promise<EnqueueResult>;
}

export type { EnqueueResult, RepairEnqueuer, RepairRequest };
