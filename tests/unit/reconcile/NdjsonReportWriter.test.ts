import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NdjsonReportWriter, readNdjsonReport } from '../../../src/reconcile/NdjsonReportWriter.ts';
import type { RecordResult } from '../../../src/reconcile/ReconcileReport.ts';
import { runReconcile } from '../../../src/reconcile/runReconcile.ts';
import { tempDir } from '../../helpers/archives.ts';
import { SYNTHETIC_WINDOW, syntheticWindowDeps } from '../../helpers/syntheticWindow.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const RUN = { ...SYNTHETIC_WINDOW, graceMs: 0, mode: 'missing', predicateSoql: 'CustomerHoldDuration = null', dryRun: true } as const;

/** A stream that takes every chunk and keeps nothing but a byte count. */
function discard(): Writable & { bytes: number } {
  const out = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      out.bytes += chunk.length;
      setImmediate(callback);
    },
  }) as Writable & { bytes: number };
  out.bytes = 0;
  return out;
}

/** Lets WeakRefs of the current job clear, collects garbage, and counts the referents still alive. */
async function alive(refs: readonly WeakRef<object>[]): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return refs.filter((r) => r.deref() !== undefined).length;
}

test('runReconcile streams every record through onRecord into an NDJSON file that parses back, keeping none (keepRecords: false)', async () => {
  // Prepare
  const dir = tempDir('ndjson-report');
  const path = `${dir.path}/run.ndjson`;
  const writer = NdjsonReportWriter.toFile(path);

  // Act
  const report = await runReconcile({ ...syntheticWindowDeps(1_000), onRecord: writer.write }, { ...RUN, keepRecords: false, runId: 'run-1' });
  await writer.close(report);

  // Assess
  const parsed = readNdjsonReport(readFileSync(path, 'utf8'));
  dir.remove();
  assert.equal(report.records.length, 0);
  assert.equal(writer.written, 1_000);
  assert.equal(parsed.records.length, 1_000);
  assert.equal(new Set(parsed.records.map((r) => r.voiceCallId)).size, 1_000);
  assert.equal(parsed.records.filter((r) => r.outcome === 'would-resync').length, 500);
  assert.equal(parsed.records.filter((r) => r.outcome === 'no-archived-ctr').length, 500);
  assert.ok(parsed.records.find((r) => r.outcome === 'would-resync')?.changes?.length, 'records keep their field changes');
  assert.equal(parsed.summary?.runId, 'run-1');
  assert.equal(parsed.summary?.summary.candidates, 1_000);
  assert.equal(parsed.summary?.summary['would-resync'], 500);
  assert.equal('records' in (parsed.summary ?? {}), false);
});

test('keepRecords defaults to true: the report still holds every record, and onRecord sees the same ones', async () => {
  const seen: RecordResult[] = [];
  const report = await runReconcile({ ...syntheticWindowDeps(50), onRecord: (r) => void seen.push(r) }, RUN);
  assert.equal(report.records.length, 50);
  assert.deepEqual(seen.map((r) => r.voiceCallId).sort(), report.records.map((r) => r.voiceCallId).sort());
});

test('flat memory: 200,000 records written through the writer are never retained by it', async () => {
  // Prepare
  const out = discard();
  const writer = new NdjsonReportWriter(out);
  const sampled: WeakRef<object>[] = [];

  // Act
  for (let i = 0; i < 200_000; i += 1) {
    const record: RecordResult = { voiceCallId: `0LQ${i}`, vendorCallKey: `k-${i}`, outcome: 'would-resync', ctrVersion: 'v', changes: [] };
    if (i % 1_000 === 0) sampled.push(new WeakRef(record));
    await writer.write(record);
  }

  // Assess
  assert.equal(writer.written, 200_000);
  assert.ok(out.bytes > 200_000 * 50, `${out.bytes} bytes written`);
  assert.equal(await alive(sampled), 0, 'the writer holds no record once its line is written');
  assert.equal(Object.values(writer).filter((v) => Array.isArray(v)).length, 0, 'no array on the writer');
});

test('flat memory through runReconcile: with keepRecords false no decided record stays reachable', async () => {
  // Prepare
  const sampled: WeakRef<object>[] = [];
  const writer = new NdjsonReportWriter(discard());
  let n = 0;

  // Act
  const report = await runReconcile(
    {
      ...syntheticWindowDeps(20_000),
      onRecord: async (record) => {
        if (n++ % 200 === 0) sampled.push(new WeakRef(record));
        await writer.write(record);
      },
    },
    { ...RUN, keepRecords: false },
  );
  await writer.close(report);

  // Assess
  assert.equal(report.summary.candidates, 20_000);
  assert.equal(sampled.length, 100);
  assert.equal(await alive(sampled), 0);
});

test('a failing onRecord stops the run: no new candidate starts and the run rejects with its error', async () => {
  let calls = 0;
  await assert.rejects(
    runReconcile(
      {
        ...syntheticWindowDeps(10_000),
        onRecord: () => {
          calls += 1;
          throw new Error('disk full');
        },
      },
      { ...RUN, keepRecords: false },
    ),
    /disk full/,
  );
  assert.equal(calls, 1);
});

test('a slow report sink holds the run back: candidates are not read far ahead of what onRecord has taken', async () => {
  // Prepare: onRecord blocks until released; count the rows the run pulls from the reader meanwhile
  const deps = syntheticWindowDeps(10_000);
  let pulled = 0;
  const reader = {
    ...deps.reader,
    byIds: deps.reader.byIds.bind(deps.reader),
    byVendorCallKeys: deps.reader.byVendorCallKeys.bind(deps.reader),
    async *candidates(query: Parameters<typeof deps.reader.candidates>[0]) {
      for await (const row of deps.reader.candidates(query)) {
        pulled += 1;
        yield row;
      }
    },
  };
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));

  // Act
  const running = runReconcile({ ...deps, reader, onRecord: () => gate }, { ...RUN, keepRecords: false, concurrency: 2 });
  for (let i = 0; i < 200; i += 1) await new Promise((resolve) => setImmediate(resolve));
  const pulledWhileBlocked = pulled;
  release();
  const report = await running;

  // Assess
  assert.ok(pulledWhileBlocked <= 40, `pulled ${pulledWhileBlocked} rows while the sink took none`);
  assert.equal(report.summary.candidates, 10_000);
});

test('many records waiting on a full stream share one drain listener, and all their lines arrive in order', async () => {
  // Prepare
  const lines: string[] = [];
  let most = 0;
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      most = Math.max(most, out.listenerCount('drain'));
      setImmediate(callback);
    },
  });
  const writer = new NdjsonReportWriter(out);

  // Act
  await Promise.all(Array.from({ length: 200 }, (_, i) => writer.write({ voiceCallId: `id-${i}`, vendorCallKey: null, outcome: 'excluded' })));

  // Assess
  assert.ok(most <= 1, `${most} drain listeners at once`);
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as RecordResult).voiceCallId),
    Array.from({ length: 200 }, (_, i) => `id-${i}`),
  );
});
