import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SQSEvent } from 'aws-lambda';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { createArchiveHandler } from '../../../src/lambda/createArchiveHandler.ts';
import { createRepairCheckerHandler } from '../../../src/lambda/createRepairCheckerHandler.ts';
import { InProcessRepairQueue } from '../../../src/offline/InProcessRepairQueue.ts';
import { ResyncLedger } from '../../../src/reconcile/ResyncLedger.ts';
import { fsArchive } from '../../helpers/archives.ts';
import { ctrFactory, kinesisEventFactory, lambdaContext } from '../../helpers/factories.ts';
import { type OrgHarness, startOrgHarness } from '../../helpers/orgHarness.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';

let org: OrgHarness;
const cleanups: (() => void)[] = [];
before(async () => {
  org = await startOrgHarness({ seed: 3 });
});
after(async () => {
  await org.close();
  for (const c of cleanups) c();
});

const DELAY_S = 300;
const VISIBILITY_S = 60;

/** The archiver with the in-process queue, and the checker on the real adapters over HTTP. */
function setUp() {
  const made = fsArchive();
  cleanups.push(made.remove);
  let clock = Date.parse('2026-11-20T10:06:05Z');
  const queue = new InProcessRepairQueue({ delaySeconds: DELAY_S, visibilityTimeoutSeconds: VISIBILITY_S, maxReceiveCount: 3, now: () => clock });
  const archiveMetrics = recordingMetrics();
  const archiver = createArchiveHandler({ archive: made.archive, logger: recordingLogger(), metrics: archiveMetrics, enqueuer: queue });
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const checker = createRepairCheckerHandler({
    adapters: async () => ({ reader: org.reader, writer: org.writer, archive: made.archive, ledger: new ResyncLedger(made.archive.store) }),
    options: { mode: 'missing', ratePerSecond: 200, verifyTimeoutMs: 5_000, verifyIntervalMs: 50, maxWriteAttempts: 2 },
    logger,
    metrics,
  });
  const check = (event: SQSEvent) => checker(event, lambdaContext());
  return {
    archive: made.archive,
    queue,
    archiver,
    archiveMetrics,
    metrics,
    logger,
    advance: (seconds: number) => {
      clock += seconds * 1000;
    },
    drain: () => queue.drain(10, 2, check),
  };
}

function appliedPatches(contactIds: readonly string[]): Map<string, number> {
  const applied = new Map<string, number>(contactIds.map((c) => [c, 0]));
  const idToKey = new Map<string, string>();
  for (const c of contactIds) for (const vc of org.sim.findVoiceCalls(c)) idToKey.set(String(vc.Id), c);
  for (const e of org.sim.telephonyLog()) {
    const key = idToKey.get(e.voiceCallId ?? e.id);
    if (key && e.appliedAt) applied.set(key, (applied.get(key) ?? 0) + 1);
  }
  return applied;
}

function holdsCtrData(contactId: string): boolean {
  const [vc] = org.sim.findVoiceCalls(contactId);
  return vc !== undefined && vc.DisconnectReason !== null && vc.DisconnectReason !== undefined;
}

describe('event-driven repair: archive → delayed queue → checker (org simulator over HTTP)', () => {
  test('repairs lost syncs after the delay, skips synced calls and chats, retries a call whose VoiceCall is not there yet, never PATCHes twice', async () => {
    // Prepare: A lost its sync (and is redelivered in the same batch), B was synced, C is a chat, D's VoiceCall does not exist yet.
    const a = ctrFactory();
    const b = ctrFactory();
    const c = ctrFactory({ Channel: 'CHAT', InitiationMethod: 'API' });
    const d = ctrFactory();
    const ids = [a, b, d].map((x) => x.ContactId as string);
    await org.sim.seedFromCtrs([a], { lostSyncFraction: 1 });
    await org.sim.seedFromCtrs([b], { lostSyncFraction: 0 });
    const env = setUp();

    // Act 1: the archiver sees the stream.
    const archived = await env.archiver(kinesisEventFactory([a, a, b, c, d].map((x) => JSON.stringify(x))), lambdaContext());

    // Assess 1: every voice version enqueued (the redelivery too), the chat not; nothing visible before the delay.
    assert.deepEqual(archived.batchItemFailures, []);
    assert.equal(env.queue.sent, 4);
    assert.equal(env.archiveMetrics.totals.RepairChecksEnqueued, 4);
    env.advance(DELAY_S - 1);
    assert.equal(await env.drain(), 0, 'nothing is delivered before the delivery delay');

    // Act 2: the delay passes; the checker runs.
    env.advance(1);
    assert.equal(await env.drain(), 4);

    // Assess 2
    assert.ok(holdsCtrData(a.ContactId as string), 'A repaired');
    assert.equal(env.metrics.totals.RepairRepaired, 2, 'both messages of A share one repair');
    assert.equal(env.metrics.totals.RepairAlreadySynced, 1, 'B was synced by SCV');
    assert.equal(env.metrics.totals.RepairVoiceCallNotFound, 1, 'D has no VoiceCall yet');
    assert.equal(env.queue.depth, 1, "D's message waits for its next receive");
    assert.deepEqual(Object.fromEntries(appliedPatches(ids)), { [ids[0]!]: 1, [ids[1]!]: 0, [ids[2]!]: 0 });

    // Act 3: D's VoiceCall appears (its sync lost); the message comes back after the visibility timeout.
    await org.sim.seedFromCtrs([d], { lostSyncFraction: 1 });
    env.advance(VISIBILITY_S);
    assert.equal(await env.drain(), 1);
    assert.ok(holdsCtrData(d.ContactId as string), 'D repaired on the redelivery');
    assert.equal(env.queue.depth, 0);

    // Act 4: A is redelivered on the stream long after: checked again, nothing sent again.
    await env.archiver(kinesisEventFactory([JSON.stringify(a)]), lambdaContext());
    env.advance(DELAY_S);
    assert.equal(await env.drain(), 1);
    assert.deepEqual(Object.fromEntries(appliedPatches(ids)), { [ids[0]!]: 1, [ids[1]!]: 0, [ids[2]!]: 1 });
    assert.ok(!env.logger.text().includes('5555550100'), 'no phone number in logs');
  });

  test('a refused PATCH is retried on the next receive; only that message fails the batch', async () => {
    // Prepare
    const lost = [ctrFactory(), ctrFactory()];
    await org.sim.seedFromCtrs(lost, { lostSyncFraction: 1 });
    const env = setUp();
    await env.archiver(kinesisEventFactory(lost.map((x) => JSON.stringify(x))), lambdaContext());
    env.advance(DELAY_S);
    const [first] = env.queue.receive(1);
    env.queue.delete(first!.messageId); // one message is taken out; the other is checked under faults
    const victim = lost.map((x) => x.ContactId as string).find((id) => !first!.body.includes(id))!;
    org.sim.setConfig({ errorRates: { telephony: { '500': 1 } } });
    try {
      // Act 1: every PATCH refused.
      assert.equal(await env.drain(), 1);
      // Assess 1
      assert.equal(env.metrics.totals.RepairFailed, 1);
      assert.equal(env.queue.depth, 1, 'the failed message stays for a retry');
    } finally {
      org.sim.setConfig({ errorRates: { telephony: { '500': 0 } } });
    }
    // Act 2: after the visibility timeout it is received again and repaired (a refused PATCH was never applied).
    env.advance(VISIBILITY_S);
    assert.equal(await env.drain(), 1);
    assert.equal(env.metrics.totals.RepairRepaired, 1);
    assert.ok(holdsCtrData(victim), 'repaired on the retry');
    assert.equal(appliedPatches([victim]).get(victim), 1);
  });

  test('a VoiceCall that never appears goes to the dead-letter queue after maxReceiveCount receives', async () => {
    const env = setUp();
    await env.archiver(kinesisEventFactory([JSON.stringify(ctrFactory())]), lambdaContext());
    env.advance(DELAY_S);
    for (let i = 0; i < 3; i += 1) {
      assert.equal(await env.drain(), 1);
      env.advance(VISIBILITY_S);
    }
    assert.equal(await env.drain(), 0);
    assert.equal(env.queue.deadLetters.length, 1);
    assert.equal(env.queue.deadLetters[0]!.receiveCount, 3);
    assert.equal(env.metrics.totals.RepairVoiceCallNotFound, 3);
  });

  test('an enqueue failure keeps the record archived and reports it; the retry archives a duplicate and enqueues it', async () => {
    const env = setUp();
    const ctr: ContactTraceRecord = ctrFactory();
    const event = kinesisEventFactory([JSON.stringify(ctr)]);
    env.queue.failNextSends = 1;
    const failed = await env.archiver(event, lambdaContext());
    assert.deepEqual(failed.batchItemFailures, [{ itemIdentifier: event.Records[0]!.kinesis.sequenceNumber }]);
    assert.ok(await env.archive.latest(ctr.ContactId as string), 'archived although the enqueue failed');
    assert.equal(env.archiveMetrics.totals.RepairEnqueueFailures, 1);
    const retried = await env.archiver(event, lambdaContext());
    assert.deepEqual(retried.batchItemFailures, []);
    assert.equal(env.archiveMetrics.totals.DuplicateCtrs, 1);
    assert.equal(env.queue.sent, 1);
  });
});
