/**
 * The hostile-input corpus (tests/helpers/hostileCorpus.ts) through both capture paths:
 * `ctr-resync archive import` (the CLI's main(), one run per case, each file between two valid
 * neighbour files, into a fresh folder archive) and the archive Lambda handler (one Kinesis-shaped
 * batch holding every case, on a folder archive and on the local S3 server over HTTP). Plus the
 * file-system cases only an import can meet: symlinks, loops, an unreadable file, a FIFO, hidden
 * files. Every record ends stored byte for byte or quarantined with its reason; an unreadable file
 * is a file error and the import goes on; nothing is written outside the archive; the Lambda never
 * fails a record because of its content.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { versionKey } from '../../../src/archive/archiveKeys.ts';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { FsArchiveStore } from '../../../src/archive/FsArchiveStore.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { createArchiveHandler } from '../../../src/lambda/createArchiveHandler.ts';
import { s3Archive, tempDir, useTestS3 } from '../../helpers/archives.ts';
import { runCli } from '../../helpers/cli.ts';
import { ctrFactory, kinesisEventFactory, kinesisRecordFactory, lambdaContext } from '../../helpers/factories.ts';
import { buildHostileCorpus, type HostileCase } from '../../helpers/hostileCorpus.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';

const BOMB_LIMIT = 8 * 1024 * 1024;
const corpus = buildHostileCorpus();
const dir = tempDir('hostile');
after(() => dir.remove());
const testS3 = useTestS3();

interface QuarantineBody {
  reason: string;
  rawBase64: string;
  source: { path?: string; sequenceNumber?: string };
}

async function quarantineBodies(archive: CtrArchive, from: string, to: string): Promise<(QuarantineBody & { raw: Buffer })[]> {
  const out = [];
  for await (const q of archive.quarantinedInWindow({ from: new Date(from), to: new Date(to) })) {
    const body = JSON.parse((await archive.store.get(q.key)).toString()) as QuarantineBody;
    out.push({ ...body, raw: Buffer.from(body.rawBase64, 'base64') });
  }
  return out;
}

async function assertStoredExactly(archive: CtrArchive, bytes: Buffer, label: string): Promise<void> {
  const key = versionKey(parseCtr(bytes));
  assert.deepEqual(await archive.store.get(key), bytes, `${label}: stored byte for byte under ${key.slice(0, 60)}`);
}

/** Every file below `root`, relative. */
function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(root.length + 1))
    .sort();
}

let caseNo = 0;

/** Imports `<before> <the case's file> <after>` into a fresh folder archive; returns the summary and the archive. */
async function importCase(write: (input: string) => void, extraArgs: string[] = []) {
  caseNo += 1;
  const root = join(dir.path, `case-${String(caseNo).padStart(3, '0')}`);
  const input = join(root, 'input');
  const archivePath = join(root, 'archive');
  mkdirSync(input, { recursive: true });
  const neighbours = [JSON.stringify(ctrFactory()), JSON.stringify(ctrFactory())].map((s) => Buffer.from(s));
  writeFileSync(join(input, 'a-before.json'), neighbours[0]!);
  write(input);
  writeFileSync(join(input, 'z-after.json'), neighbours[1]!);
  const inputFiles = filesUnder(input);
  const result = await runCli(['archive', 'import', input, '--archive', archivePath, '--max-file-bytes', String(BOMB_LIMIT), '--json', ...extraArgs]);
  const archive = new CtrArchive(new FsArchiveStore({ root: archivePath, fsync: false }));
  for (const n of neighbours) await assertStoredExactly(archive, n, 'a valid neighbour');
  // Nothing outside the archive: the case folder holds the input (unchanged) and the archive only.
  assert.deepEqual(readdirSync(root).sort(), ['archive', 'input']);
  assert.deepEqual(filesUnder(input), inputFiles, 'the input is untouched');
  for (const top of readdirSync(archivePath)) assert.ok(['ctr', 'index', 'quarantine'].includes(top), `unexpected ${top} in the archive`);
  return {
    result,
    archive,
    summary: JSON.parse(result.stdout || '{}') as {
      stored: number;
      duplicate: number;
      quarantined: number;
      failed: number;
      fileErrors: { message: string }[];
      skipped: { message: string }[];
    },
  };
}

describe('hostile corpus through archive import (the CLI)', () => {
  test('the corpus holds at least 50 cases', () => {
    assert.ok(corpus.length >= 50, `${corpus.length} cases`);
  });

  for (const c of corpus) {
    test(`import: ${c.name}`, async () => {
      const { result, archive, summary } = await importCase((input) => writeFileSync(join(input, 'm-case.bin'), c.payload));
      const expected = c.import;
      assert.equal(result.code, expected.fileError ? 1 : 0, result.stderr);
      assert.equal(summary.failed, 0);
      assert.equal(summary.duplicate, 0);
      if (expected.fileError) {
        assert.equal(summary.fileErrors.length, 1);
        assert.match(summary.fileErrors[0]!.message, expected.fileError);
      } else assert.deepEqual(summary.fileErrors, []);
      if (expected.minStored !== undefined) assert.ok(summary.stored >= 2 + expected.minStored, `stored ${summary.stored}`);
      else assert.equal(summary.stored, 2 + expected.stored.length);
      for (const bytes of expected.stored) await assertStoredExactly(archive, bytes, c.name);
      const quarantined = await quarantineBodies(archive, '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z');
      if (expected.quarantined === 'some') assert.ok(quarantined.length > 0);
      else if (expected.quarantined !== 'any') {
        assert.deepEqual(quarantined.map((q) => q.reason).sort(), [...expected.quarantined].sort());
        assert.equal(summary.quarantined, expected.quarantined.length);
      }
      const compressed = c.payload[0] === 0x1f && c.payload[1] === 0x8b;
      for (const q of quarantined) {
        assert.match(q.source.path ?? '', /m-case\.bin$/, 'only the case file has quarantined pieces');
        if (!compressed) assert.ok(c.payload.indexOf(q.raw) >= 0, `${q.reason}: the quarantined bytes are the input's own`);
      }
    });
  }

  test('import: a dangling symlink, a symlink loop, a folder loop, an unreadable file, a FIFO, hidden files, a symlinked file', async () => {
    const linked = Buffer.from(JSON.stringify(ctrFactory()));
    const outside = join(dir.path, 'outside-target.json');
    writeFileSync(outside, linked);
    const asRoot = process.getuid?.() === 0;
    const { result, archive, summary } = await importCase((input) => {
      symlinkSync(join(input, 'missing.json'), join(input, 'b-dangling.json'));
      symlinkSync(join(input, 'c-loop.json'), join(input, 'c-loop.json'));
      symlinkSync(input, join(input, 'd-folder-loop'));
      // chmod 000 does not stop root: as root, link a file that stats as regular but cannot be read.
      if (asRoot) symlinkSync('/proc/self/mem', join(input, 'e-unreadable.json'));
      else {
        writeFileSync(join(input, 'e-unreadable.json'), '{}');
        chmodSync(join(input, 'e-unreadable.json'), 0o000);
      }
      execFileSync('mkfifo', [join(input, 'f-fifo.json')]);
      writeFileSync(join(input, '.g-hidden.json'), JSON.stringify(ctrFactory()));
      mkdirSync(join(input, 'h-folder.json'));
      symlinkSync(outside, join(input, 'i-symlinked.json'));
    });
    assert.equal(result.code, 1, 'exit 1: some files could not be read');
    assert.equal(summary.stored, 3, 'both neighbours and the symlinked file');
    await assertStoredExactly(archive, linked, 'the symlinked file');
    const errors = summary.fileErrors.map((e) => e.message).join('\n');
    assert.match(errors, /b-dangling\.json: ENOENT/);
    assert.match(errors, /c-loop\.json: ELOOP/);
    assert.match(errors, asRoot ? /e-unreadable\.json: read failed after 0 bytes \(EIO\)/ : /e-unreadable\.json: EACCES/);
    assert.equal(summary.fileErrors.length, 3);
    const skipped = summary.skipped.map((s) => s.message).join('\n');
    assert.match(skipped, /d-folder-loop: folder already read/);
    assert.match(skipped, /f-fifo\.json: a FIFO, not a file; skipped/);
    assert.match(skipped, /\.g-hidden\.json: hidden; skipped/);
  });
});

/** Runs every case as one Kinesis batch through the handler and checks each record's fate. */
async function lambdaRun(archive: CtrArchive, cases: readonly HostileCase[]): Promise<void> {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const handler = createArchiveHandler({ archive, logger, metrics });
  const event = kinesisEventFactory(cases.map((c) => c.payload));
  // Two envelopes no producer should send: data that is not base64, and no data at all.
  const notBase64 = kinesisRecordFactory('x', String(1000 + cases.length));
  notBase64.kinesis.data = '!!not base64!!';
  const noData = kinesisRecordFactory('x', String(1001 + cases.length));
  (noData.kinesis as { data?: string }).data = undefined;
  event.Records.push(notBase64, noData);

  const response = await handler(event, lambdaContext());

  assert.deepEqual(response.batchItemFailures, [], 'no record fails because of its content');
  const stored = cases.filter((c) => 'stored' in c.lambda).length;
  assert.deepEqual(metrics.totals, { ArchivedCtrs: stored, DuplicateCtrs: 0, QuarantinedRecords: cases.length - stored + 2, FailedRecords: 0 });
  const all = await quarantineBodies(archive, '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  const bySequence = new Map(all.map((q) => [q.source.sequenceNumber, q]));
  for (const [i, c] of cases.entries()) {
    if ('stored' in c.lambda) await assertStoredExactly(archive, c.lambda.stored, c.name);
    else {
      // Equal bytes arriving the same day share one quarantine object (by design), so look it up by its bytes too.
      const q = bySequence.get(String(1000 + i)) ?? all.find((x) => x.raw.equals(c.payload));
      assert.equal(q?.reason, c.lambda.quarantined, c.name);
      assert.deepEqual(q?.raw, c.payload, `${c.name}: quarantined byte for byte`);
    }
  }
  assert.equal(bySequence.get(String(1000 + cases.length))?.reason, 'not-json');
  // No data is empty bytes, like the corpus's empty record: the two may share one quarantine object.
  assert.equal((bySequence.get(String(1001 + cases.length)) ?? all.find((x) => x.raw.length === 0))?.reason, 'not-json');
  const logs = logger.text();
  assert.ok(!/555.?555.?0100|5555550100/.test(logs), 'no phone number in the logs');
  assert.ok(!logs.includes('hhhhhhhh'), 'no CTR content in the logs');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
}

describe('hostile corpus through the archive Lambda handler (Kinesis-shaped events)', () => {
  test('on a folder archive: every case stored byte for byte or quarantined with its reason', async () => {
    const root = join(dir.path, 'lambda-fs');
    await lambdaRun(new CtrArchive(new FsArchiveStore({ root, fsync: false })), corpus);
    for (const top of readdirSync(root)) assert.ok(['ctr', 'index', 'quarantine'].includes(top), `unexpected ${top}`);
  });

  test('on S3 over HTTP (local S3 server): the same', async () => {
    await lambdaRun(
      s3Archive(testS3()),
      corpus.filter((c) => !c.tooLongForS3rver),
    );
  });
});

before(() => {
  // The corpus itself must hold what it claims.
  assert.ok(corpus.some((c) => c.name.startsWith('a gzip bomb')));
});
