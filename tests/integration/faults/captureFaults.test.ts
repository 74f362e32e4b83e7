import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { ArchiveObjectInfo } from '../../../src/ports/ArchiveStore.ts';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { versionKey } from '../../../src/archive/archiveKeys.ts';
import { S3ArchiveStore } from '../../../src/archive/S3ArchiveStore.ts';
import type { ParsedCtr } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { createArchiveHandler } from '../../../src/lambda/createArchiveHandler.ts';
import { faultCtrStream } from '../../helpers/faultCtrStream.ts';
import {
  CrashingArchiveStore,
  type InvocationResult,
  ListingSnapshotStore,
  runEventSourceMapping,
  shardOf,
  toShards,
} from '../../helpers/kinesisEventSource.ts';
import { recordingMetrics } from '../../helpers/recorders.ts';
import { startSeededS3FaultProxy } from '../../helpers/seededS3Faults.ts';
import { SeededRandom, startLocalS3Server, syntheticLambdaContext } from '../../helpers/simulatorPackage.ts';

/**
 * Sizes. s3rver serves only 100-300 requests a second on this 2-core machine and every CTR costs
 * it at least three (s3rver ignores If-None-Match, so HEAD, PUT, index PUT) plus retries and redeliveries, so the default of 600
 * records keeps the fault suite within its time budget; `FAULT_SUITE_CTRS=10000` runs the full
 * size (about 8 minutes here). `FAULT_SUITE_TRACE=1` prints one line per Lambda invocation.
 */
const RECORDS = Number(process.env.FAULT_SUITE_CTRS ?? 600);
const SHARDS = 4;
const S3_FAULT_RATE = 0.1;
const SEED = 20261120;
/** Planned crashes: the container dies after this many more completed S3 writes in that invocation. */
const CRASHES = [
  { shard: 0, invocation: 1, afterPuts: 60 },
  { shard: 0, invocation: 2, afterPuts: 90 }, // the redelivery of that batch crashes too
  { shard: 2, invocation: 1, afterPuts: 40 },
];
/**
 * Attempts per S3 request (the SDK's standard retry). The product's default is 5, which would
 * leave hardly any record failed at 10% faults; 3 lets some fail, so batchItemFailures and
 * redeliveries from the first failed record are exercised.
 */
const S3_MAX_ATTEMPTS = 3;
/** The handler's SDK clients queue requests beyond 50 sockets; no warning for that. */
const REQUEST_HANDLER = { socketAcquisitionWarningTimeout: 600_000 };

/** True for a version key (`.../ctr/<ContactId>/...`) of a contact on a shard with no planned crash. */
function onQuietShard(path: string): boolean {
  const contactId = /\/ctr\/([^/]+)\//.exec(path)?.[1];
  return contactId !== undefined && !CRASHES.some((c) => c.shard === shardOf(contactId, SHARDS));
}

const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

test(`capture: ${RECORDS.toLocaleString('en-US')} CTR records through the archive Lambda into S3 over HTTP, with ${S3_FAULT_RATE * 100}% S3 faults, crashes mid-batch and Lambda redelivery`, {
  timeout: Math.max(170_000, RECORDS * 60),
}, async (t) => {
  // Prepare: the stream, s3rver (on tmpfs when there is one) and the fault proxy in front of it.
  const stream = faultCtrStream({ records: RECORDS, seed: SEED, malformed: 10, day: '2026-11-20' });
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ctr-resync-faults-s3-'));
  const s3 = await startLocalS3Server(dataDir, 'ctr-archive-faults');
  const proxy = await startSeededS3FaultProxy(s3.endpoint, {
    rate: S3_FAULT_RATE,
    seed: SEED,
    // 2% of the version writes on shards without planned crashes (at least 30 / records, so 5% at
    // 600 records) fail every attempt of their first delivery, so batchItemFailures surely happen
    // (on a crashing shard the crash could swallow them).
    persistent: { rate: Math.max(0.02, 30 / RECORDS), attempts: S3_MAX_ATTEMPTS, match: (method, path) => method === 'PUT' && onQuietShard(path) },
  });
  // A fixed prefix: the proxy seeds its faults by path, so the same requests fail on every run.
  const prefix = 'faults/';
  const clients: S3Client[] = [];
  t.after(async () => {
    for (const c of clients) c.destroy();
    await proxy.close();
    await s3.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const metrics = recordingMetrics();

  // One container per shard poller; a crashed container is thrown away and the next delivery cold-starts a new one.
  const containers = new Map<number, { handler: ReturnType<typeof createArchiveHandler>; store: CrashingArchiveStore; client: S3Client }>();
  const container = (shard: number) => {
    let c = containers.get(shard);
    if (!c) {
      const s3Store = new S3ArchiveStore({
        bucket: s3.bucket,
        prefix,
        clientConfig: { ...s3.clientConfig, endpoint: proxy.url, maxAttempts: S3_MAX_ATTEMPTS, requestHandler: REQUEST_HANDLER },
      });
      clients.push(s3Store.client);
      const store = new CrashingArchiveStore(s3Store);
      c = { store, client: s3Store.client, handler: createArchiveHandler({ archive: new CtrArchive(store), logger: quietLogger, metrics }) };
      containers.set(shard, c);
    }
    return c;
  };
  const invoke = async (
    event: Parameters<ReturnType<typeof createArchiveHandler>>[0],
    shard: number,
    invocation: number,
  ): Promise<InvocationResult> => {
    const c = container(shard);
    const crash = CRASHES.find((p) => p.shard === shard && p.invocation === invocation);
    if (crash) c.store.arm(crash.afterPuts);
    const run: Promise<InvocationResult> = c.handler(event, syntheticLambdaContext('ctr-archiver')).then(
      (response) => ({ kind: 'response', response }),
      (error: unknown) => ({ kind: 'error', error }),
    );
    const result = await Promise.race([run, c.store.crashed.then((): InvocationResult => ({ kind: 'crashed' }))]);
    if (result.kind === 'crashed') {
      containers.delete(shard);
      c.client.destroy(); // the process is gone: its open connections with it
    }
    return result;
  };

  // Act
  const shards = toShards(stream.items, SHARDS, Date.parse('2026-11-20T23:00:00Z') / 1000);
  const mapping = await runEventSourceMapping(shards, {
    batchSize: { min: 100, max: 500 },
    seed: SEED,
    maxDeliveries: 12,
    invoke,
    ...(process.env.FAULT_SUITE_TRACE ? { trace: (line: string) => console.log(line) } : {}),
  });

  // Assess: read the archive straight from s3rver (no proxy).
  const expected = new Map<string, { raw: string; ctr: ParsedCtr }>();
  const malformedRaw = new Set<string>();
  for (const item of stream.items) {
    if (item.kind === 'malformed') {
      malformedRaw.add(item.raw);
      continue;
    }
    const ctr = parseCtr(item.raw);
    expected.set(versionKey(ctr), { raw: item.raw, ctr });
  }
  const direct = new S3Client({ ...s3.clientConfig, maxAttempts: 3, requestHandler: REQUEST_HANDLER });
  clients.push(direct);
  const listAll = async (sub: string): Promise<(ArchiveObjectInfo & { etag: string })[]> => {
    const out: (ArchiveObjectInfo & { etag: string })[] = [];
    for await (const page of paginateListObjectsV2({ client: direct, pageSize: 1000 }, { Bucket: s3.bucket, Prefix: `${prefix}${sub}` })) {
      for (const o of page.Contents ?? [])
        out.push({ key: (o.Key as string).slice(prefix.length), size: o.Size ?? 0, etag: (o.ETag ?? '').replaceAll('"', '') });
    }
    return out;
  };
  const stored = await listAll('ctr/');

  // Every distinct version stored exactly once, byte for byte (size and MD5 ETag of every object).
  const storedKeys = new Set(stored.map((o) => o.key));
  const missing = [...expected.keys()].filter((k) => !storedKeys.has(k));
  const extra = stored.filter((o) => !expected.has(o.key)).map((o) => o.key);
  assert.deepEqual(missing, [], `${missing.length} versions missing`);
  assert.deepEqual(extra, [], `${extra.length} objects that are no input version`);
  assert.equal(stored.length, expected.size);
  const altered = stored.filter(
    (o) => o.size !== Buffer.byteLength(expected.get(o.key)?.raw ?? '') || o.etag !== md5(expected.get(o.key)?.raw ?? ''),
  );
  assert.deepEqual(
    altered.map((o) => o.key),
    [],
    'every object holds its input bytes',
  );

  // None shadowed: for every contact with several versions, CtrArchive.latest() returns the newest, intact.
  const reader = new CtrArchive(new ListingSnapshotStore(new S3ArchiveStore({ bucket: s3.bucket, prefix, client: direct }), stored));
  const byContact = new Map<string, ParsedCtr[]>();
  for (const { ctr } of expected.values()) byContact.set(ctr.contactId, [...(byContact.get(ctr.contactId) ?? []), ctr]);
  const multi = [...byContact.entries()].filter(([, v]) => v.length > 1);
  const sampleRandom = new SeededRandom(SEED);
  const singles = [...byContact.entries()].filter(([, v]) => v.length === 1).filter(() => sampleRandom.chance(0.05));
  let shadowed = 0;
  let readBack = 0;
  const checks = [...multi, ...singles];
  for (let i = 0; i < checks.length; i += 16) {
    await Promise.all(
      checks.slice(i, i + 16).map(async ([contactId, versions]) => {
        const newest = versions.reduce((a, b) => (b.lastUpdateTimestamp > a.lastUpdateTimestamp ? b : a));
        const latest = await reader.latest(contactId);
        readBack += 1;
        if (latest?.version.lastUpdateTimestamp !== newest.lastUpdateTimestamp || latest.ctr.raw !== newest.raw) shadowed += 1;
      }),
    );
  }
  assert.equal(shadowed, 0, 'no contact shadowed by an older version');

  // The time index lists every contact once, with its channel, and nothing else.
  const indexed = new Map<string, string>();
  const indexArchive = new CtrArchive(new S3ArchiveStore({ bucket: s3.bucket, prefix, client: direct }));
  for await (const entry of indexArchive.contactsInWindow({ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') }))
    indexed.set(entry.contactId, entry.channel);
  const indexObjects = await listAll('index/');
  assert.equal(indexObjects.length, byContact.size, 'one index entry per contact');
  assert.deepEqual([...indexed.keys()].sort(), [...byContact.keys()].sort(), 'the time index is complete');
  for (const [contactId, versions] of byContact)
    assert.equal(indexed.get(contactId), String((versions[0] as ParsedCtr).ctr.Channel), `channel of ${contactId}`);

  // Exactly the malformed records are quarantined, each once; nothing valid is.
  const quarantined = await listAll('quarantine/');
  const quarantinedRaw = await Promise.all(
    quarantined.map(async (q) =>
      Buffer.from((JSON.parse((await indexArchive.store.get(q.key)).toString('utf8')) as { rawBase64: string }).rawBase64, 'base64').toString('utf8'),
    ),
  );
  assert.deepEqual([...quarantinedRaw].sort(), [...malformedRaw].sort(), 'quarantine holds exactly the malformed records');

  // The faults really happened.
  const faults = proxy.stats.faults;
  assert.ok(
    Object.values(faults).every((n) => n > 0),
    `every fault kind injected: ${JSON.stringify(faults)}`,
  );
  assert.equal(mapping.crashed, CRASHES.length, 'every planned crash happened');
  assert.ok(proxy.stats.persistent > 0 && mapping.partialFailures > 0, 'some deliveries reported batchItemFailures and were redelivered');

  const c = stream.counts;
  const faultTotal = Object.values(faults).reduce((a, b) => a + b, 0);
  const summary =
    `capture: ${c.records} records (${expected.size} distinct versions of ${byContact.size} contacts; ${c.laterVersions} later versions, ${c.laterBeforeFirst} of them delivered before the first; ` +
    `${c.exactDuplicates} exact duplicates; ${c.malformed} malformed) on ${SHARDS} shards in ${mapping.batches} batches of 100-500; ` +
    `S3 requests through the proxy ${proxy.stats.requests}, random faults ${faultTotal} (${((faultTotal / proxy.stats.requests) * 100).toFixed(1)}%: 503 SlowDown ${faults['slow-down-503']}, 500 ${faults['internal-error-500']}, dropped before S3 ${faults['drop-before']}, answer dropped after S3 ${faults['drop-after']}) plus ${proxy.stats.persistent} planned 500s; ` +
    `invocations ${mapping.invocations}: ${mapping.crashed} crashed mid-batch, ${mapping.partialFailures} returned batchItemFailures (${mapping.failedItems} records), ${mapping.errors} failed whole; ` +
    `${mapping.redeliveries} redeliveries, at most ${mapping.maxDeliveriesOfABatch} deliveries of a batch; ` +
    `result: ${stored.length} of ${expected.size} versions stored exactly once and intact, ${shadowed} shadowed (${readBack} contacts read back), index ${indexed.size} of ${byContact.size}, quarantined ${quarantined.length} of ${malformedRaw.size} malformed, 0 valid`;
  t.diagnostic(summary);
});
