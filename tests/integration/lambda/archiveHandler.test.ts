import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { createArchiveHandler } from '../../../src/lambda/createArchiveHandler.ts';
import { s3Archive, useTestS3 } from '../../helpers/archives.ts';
import { ctrFactory, kinesisEventFactory, lambdaContext, sampleKinesisEvent } from '../../helpers/factories.ts';
import { S3_SLOW_DOWN, startFaultyProxy } from '../../helpers/faultyProxy.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';

const testS3 = useTestS3();

function handlerOn(archive = s3Archive(testS3())) {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  return { archive, logger, metrics, handler: createArchiveHandler({ archive, logger, metrics }) };
}

describe('archive Lambda handler (Kinesis → S3 over HTTP)', () => {
  test('archives the sample batch: a version, its exact duplicate, a newer version', async () => {
    // Prepare
    const { archive, handler, metrics } = handlerOn();
    // Act
    const response = await handler(sampleKinesisEvent(), lambdaContext());
    // Assess
    assert.deepEqual(response, { batchItemFailures: [] });
    const versions = await archive.versions('c0ffee00-0000-4000-8000-000000000001');
    assert.equal(versions.length, 2);
    assert.deepEqual(metrics.totals, { ArchivedCtrs: 2, DuplicateCtrs: 1, QuarantinedRecords: 0, FailedRecords: 0 });
  });

  test('archives every CTR before any filtering: chat, QUEUE_TRANSFER, NoSync, voicemail', async () => {
    const { archive, handler } = handlerOn();
    const ctrs = [
      ctrFactory({ Channel: 'CHAT', InitiationMethod: 'API' }),
      ctrFactory({ InitiationMethod: 'QUEUE_TRANSFER' }),
      ctrFactory({ Attributes: { NoSync: 'true' } }),
      ctrFactory({ Attributes: { vm_flag: '1' }, Recordings: [{ Location: 'bucket/vm.wav' }] }),
    ];
    const response = await handler(kinesisEventFactory(ctrs.map((c) => JSON.stringify(c))), lambdaContext());
    assert.deepEqual(response.batchItemFailures, []);
    for (const c of ctrs) assert.ok(await archive.latest(c.ContactId as string), `${c.InitiationMethod} archived`);
  });

  test('quarantines malformed records with reason and raw bytes, without failing the batch', async () => {
    const { archive, handler, metrics, logger } = handlerOn();
    const good = ctrFactory();
    const payloads = [
      '{"not json',
      JSON.stringify({ AgentARN: 'agent-event' }),
      JSON.stringify(ctrFactory({ ContactId: '../../escape' })),
      JSON.stringify(good),
    ];
    const response = await handler(kinesisEventFactory(payloads), lambdaContext());
    assert.deepEqual(response.batchItemFailures, []);
    assert.equal(metrics.totals.QuarantinedRecords, 3);
    assert.ok(await archive.latest(good.ContactId as string));
    const quarantined = [];
    for await (const q of archive.quarantinedInWindow({ from: new Date('2025-01-01'), to: new Date('2027-01-01') })) quarantined.push(q);
    assert.equal(quarantined.length, 3);
    const bodies = await Promise.all(
      quarantined.map(async (q) => JSON.parse((await archive.store.get(q.key)).toString()) as { reason: string; rawBase64: string }),
    );
    assert.deepEqual(bodies.map((b) => b.reason).sort(), ['invalid-contact-id', 'missing-contact-id', 'not-json']);
    assert.ok(bodies.some((b) => Buffer.from(b.rawBase64, 'base64').toString() === '{"not json'));
    assert.ok(!logger.text().includes('5555550100'), 'no phone number in logs');
  });

  test('an empty batch succeeds', async () => {
    const { handler, metrics } = handlerOn();
    assert.deepEqual(await handler({ Records: [] }, lambdaContext()), { batchItemFailures: [] });
    assert.equal(metrics.published, 1);
  });

  test('an S3 failure in the middle of a batch reports only the failed records', async () => {
    // Prepare: a proxy that fails every write of one contact with 500.
    const ctrs = [ctrFactory(), ctrFactory(), ctrFactory()];
    const victim = ctrs[1]!.ContactId as string;
    const proxy = await startFaultyProxy(testS3().endpoint, (req) =>
      req.method === 'PUT' && req.url.includes(victim) ? { status: 500, body: '<Error><Code>InternalError</Code></Error>' } : 'pass',
    );
    try {
      const { handler, metrics, archive } = handlerOn(s3Archive(testS3(), { endpoint: proxy.url, maxAttempts: 2 }));
      // Act
      const response = await handler(kinesisEventFactory(ctrs.map((c) => JSON.stringify(c))), lambdaContext());
      // Assess
      assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: '1001' }]);
      assert.equal(metrics.totals.FailedRecords, 1);
      assert.equal(metrics.totals.ArchivedCtrs, 2);
      assert.ok(await archive.latest(ctrs[0]!.ContactId as string));
    } finally {
      await proxy.close();
    }
  });

  test('a failed quarantine write is reported as a batch item failure', async () => {
    const proxy = await startFaultyProxy(testS3().endpoint, (req) => (req.url.includes('/quarantine/') ? 'drop' : 'pass'));
    try {
      const { handler } = handlerOn(s3Archive(testS3(), { endpoint: proxy.url, maxAttempts: 1 }));
      const response = await handler(kinesisEventFactory([JSON.stringify(ctrFactory()), 'garbage']), lambdaContext());
      assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: '1001' }]);
    } finally {
      await proxy.close();
    }
  });

  test('S3 throttling (503 SlowDown) is retried with backoff and the record lands', async () => {
    let slowDowns = 2;
    const proxy = await startFaultyProxy(testS3().endpoint, (req) =>
      req.method === 'PUT' && req.url.includes('/ctr/') && slowDowns-- > 0 ? S3_SLOW_DOWN : 'pass',
    );
    try {
      const { handler, archive, metrics } = handlerOn(s3Archive(testS3(), { endpoint: proxy.url, maxAttempts: 5 }));
      const ctr = ctrFactory();
      const response = await handler(kinesisEventFactory([JSON.stringify(ctr)]), lambdaContext());
      assert.deepEqual(response.batchItemFailures, []);
      assert.equal(metrics.totals.ArchivedCtrs, 1);
      // Two SlowDowns, the write that lands, then the archive's one-time second write that learns
      // whether the server enforces If-None-Match: * (s3rver does not).
      assert.equal(slowDowns, -2, 'both SlowDowns were answered before success');
      assert.equal((await archive.latest(ctr.ContactId as string))?.ctr.contentHash, parseCtr(JSON.stringify(ctr)).contentHash);
    } finally {
      await proxy.close();
    }
  });

  test('when every record fails, the whole batch fails so Lambda retries it', async () => {
    const proxy = await startFaultyProxy(testS3().endpoint, () => 'drop');
    try {
      const { handler } = handlerOn(s3Archive(testS3(), { endpoint: proxy.url, maxAttempts: 1 }));
      await assert.rejects(handler(kinesisEventFactory([JSON.stringify(ctrFactory())]), lambdaContext()), /All records failed/);
    } finally {
      await proxy.close();
    }
  });
});
