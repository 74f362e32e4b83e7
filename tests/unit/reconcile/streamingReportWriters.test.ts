import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { ArchiveReportWriter } from '../../../src/reconcile/ArchiveReportWriter.ts';
import { CSV_COLUMNS, CsvReportWriter, csvField } from '../../../src/reconcile/CsvReportWriter.ts';
import { JsonReportWriter } from '../../../src/reconcile/JsonReportWriter.ts';
import type { ReconcileReport, RecordResult } from '../../../src/reconcile/ReconcileReport.ts';
import { runReconcile } from '../../../src/reconcile/runReconcile.ts';
import { SYNTHETIC_WINDOW, syntheticWindowDeps } from '../../helpers/syntheticWindow.ts';
import { InMemoryArchiveStore } from '../../helpers/inMemoryPorts.ts';

const RUN = { ...SYNTHETIC_WINDOW, graceMs: 0, mode: 'missing', predicateSoql: 'CustomerHoldDuration = null', dryRun: true } as const;

/** A stream that collects what is written, slowly (every chunk waits a turn), with a small buffer. */
function collect(): Writable & { text: string } {
  const out = new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _encoding, callback) {
      out.text += chunk.toString('utf8');
      setImmediate(callback);
    },
  }) as Writable & { text: string };
  out.text = '';
  return out;
}

const RECORDS: RecordResult[] = [
  { voiceCallId: '0LQ5g00000AbCdEGAV', vendorCallKey: 'c-1', outcome: 'resynced-confirmed', ctrVersion: '20261120T100000000Z_abababababababab' },
  { voiceCallId: '0LQ5g00000AbCdFGAV', vendorCallKey: 'c-2', outcome: 'excluded', rule: 'NoSync', detail: 'has "quotes", a comma\nand a newline' },
  {
    voiceCallId: '0LQ5g00000AbCdGGAV',
    vendorCallKey: null,
    outcome: 'failed',
    error: { code: 'VOICECALL_WRITE_FAILED', message: '=HYPERLINK("x") call +1 555 555 0123 refused' },
    changes: [
      { field: 'CustomerHoldDuration', current: null, expected: 30 },
      { field: 'QueueName', current: null, expected: 'Support' },
    ],
  },
];

function report(records: readonly RecordResult[] = []): ReconcileReport {
  return {
    runId: 'run-1',
    mode: 'missing',
    dryRun: false,
    window: { from: '2026-11-19T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' },
    startedAt: '2026-11-23T12:00:00.000Z',
    finishedAt: '2026-11-23T12:01:00.000Z',
    summary: {
      'resynced-confirmed': 1,
      'resynced-unconfirmed': 0,
      'no-archived-ctr': 0,
      excluded: 1,
      'already-resynced': 0,
      'not-landed': 0,
      'reverted-resynced': 0,
      failed: 1,
      'in-sync': 0,
      'would-resync': 0,
      candidates: 3,
      patchesSent: 2,
    },
    records,
  };
}

test('the JSON writer streams one document that JSON.parse reads back as the report, records in order', async () => {
  const out = collect();
  const writer = new JsonReportWriter(out);
  for (const record of RECORDS) await writer.write(record);
  await writer.close(report());
  assert.deepEqual(JSON.parse(out.text), { ...report(), records: RECORDS });
  const empty = collect();
  await new JsonReportWriter(empty).close(report());
  assert.deepEqual(JSON.parse(empty.text), report(), 'a run with no candidate is valid JSON too');
});

test('the JSON writer behind runReconcile (keepRecords: false) holds 2,000 records in the file and none in the report', async () => {
  const out = collect();
  const writer = new JsonReportWriter(out);
  const result = await runReconcile({ ...syntheticWindowDeps(2_000), onRecord: writer.write }, { ...RUN, keepRecords: false });
  await writer.close(result);
  assert.equal(result.records.length, 0);
  const parsed = JSON.parse(out.text) as ReconcileReport;
  assert.equal(parsed.records.length, 2_000);
  assert.equal(parsed.summary.candidates, 2_000);
});

test('CSV: a header, one RFC 4180 row per record, field names without values, no phone number, formulas defused', async () => {
  const out = collect();
  const writer = new CsvReportWriter(out);
  for (const record of RECORDS) await writer.write(record);
  await writer.close(report());
  const text = out.text;
  assert.ok(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`));
  assert.ok(text.includes('0LQ5g00000AbCdEGAV,c-1,resynced-confirmed,,,,,,20261120T100000000Z_abababababababab,,,\r\n'));
  assert.ok(text.includes('0LQ5g00000AbCdFGAV,c-2,excluded,NoSync,"has ""quotes"", a comma\nand a newline",,,,,,,\r\n'));
  assert.ok(text.includes(',CustomerHoldDuration;QueueName,VOICECALL_WRITE_FAILED,"\'=HYPERLINK(""x"") call +*********23 refused"\r\n'));
  assert.ok(!text.includes('Support'), 'no field value');
  assert.ok(!text.includes('555 0123'), 'no phone number');
  const empty = collect();
  await new CsvReportWriter(empty).close(report());
  assert.equal(empty.text, `${CSV_COLUMNS.join(',')}\r\n`, 'a run with no candidate still has its header');
});

test('csvField quotes only what needs it and reads a dl-source `source` when a record has one', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('-1'), "'-1");
  assert.equal(csvField('line\r\nbreak'), '"line\r\nbreak"');
});

test('the archive report stores records in NDJSON parts as they come and a summary naming them (memory: one part)', async () => {
  const store = new InMemoryArchiveStore();
  const writer = new ArchiveReportWriter(store, { startedAt: '2026-11-23T12:00:00.000Z', runId: 'run-1' }, 300);
  for (let i = 0; i < 10; i += 1) await writer.write(RECORDS[i % 3] as RecordResult);
  const partsBeforeClose = [...store.objects.keys()].length;
  await writer.close(report());
  assert.ok(partsBeforeClose >= 2, `parts are stored during the run (${partsBeforeClose})`);
  const summary = JSON.parse((await store.get(writer.key)).toString()) as {
    recordParts: string[];
    summary: { candidates: number };
    records?: unknown;
  };
  assert.equal(writer.key, 'reports/2026-11-23/run-1.json');
  assert.equal(summary.records, undefined);
  assert.equal(summary.summary.candidates, 3);
  assert.equal(summary.recordParts[0], 'reports/2026-11-23/run-1/records-00001.ndjson');
  const lines: RecordResult[] = [];
  for (const key of summary.recordParts) {
    for (const line of (await store.get(key)).toString().split('\n')) if (line) lines.push(JSON.parse(line) as RecordResult);
  }
  assert.deepEqual(
    lines.map((r) => r.voiceCallId),
    Array.from({ length: 10 }, (_, i) => RECORDS[i % 3]?.voiceCallId),
  );
});
