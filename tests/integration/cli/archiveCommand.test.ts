import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { FsArchiveStore } from '../../../src/archive/FsArchiveStore.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/archives.ts';
import { ctrFactory, sampleText } from '../../helpers/factories.ts';

const dir = tempDir('cli');
after(() => dir.remove());
let n = 0;
const fresh = () => join(dir.path, `archive-${++n}`);
const file = (name: string, content: string | Buffer) => {
  const path = join(dir.path, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

describe('ctr-resync archive import', () => {
  test('imports a Firehose file of concatenated objects', async () => {
    const ctrs = [ctrFactory(), ctrFactory(), ctrFactory()];
    const path = file('firehose/connect-ctr-1-2026-11-20-10-00-00-abc', ctrs.map((c) => JSON.stringify(c)).join(''));
    const result = await runCli(['archive', 'import', path, '--archive', fresh(), '--json']);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { read: number; stored: number; failed: number };
    assert.equal(summary.read, 3);
    assert.equal(summary.stored, 3);
  });

  test('imports gzipped NDJSON and a folder of JSON files; counts duplicates; quarantines bad lines', async () => {
    const archive = fresh();
    const a = ctrFactory();
    const ndjson = `${JSON.stringify(a)}\nnot json at all\n${JSON.stringify(ctrFactory())}\n`;
    const gz = file('in/batch.ndjson.gz', gzipSync(ndjson));
    file('in/folder/one.json', sampleText('ctr-01-inbound-voice-agent-first-delivery.json'));
    file('in/folder/two.json', sampleText('ctr-02-same-contact-redelivered-after-attribute-update.json'));
    file('in/folder/array.json', JSON.stringify([a, ctrFactory()], null, 2));
    const result = await runCli(['archive', 'import', gz, join(dir.path, 'in/folder'), '--json'], { CTR_ARCHIVE: archive });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      archive,
      files: 4,
      read: 7,
      stored: 5,
      duplicate: 1,
      quarantined: 1,
      failed: 0,
      fileErrors: [],
      skipped: [],
      failures: [],
    });
  });

  test('a truncated gzip file: clear error, the objects read before the damage are kept', async () => {
    const archive = fresh();
    const ctrs = Array.from({ length: 50 }, () => ctrFactory({ Attributes: { note: 'x'.repeat(2000) } }));
    const gz = gzipSync(ctrs.map((c) => JSON.stringify(c)).join('\n'));
    const path = file('broken.json.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const result = await runCli(['archive', 'import', path, '--archive', archive]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /broken\.json\.gz: the gzip stream is truncated/);
    const stored = Number(/stored (\d+)/.exec(result.stdout)?.[1]);
    assert.ok(stored > 10 && stored < 50, `kept ${stored} records read before the damage`);
    const show = await runCli(['archive', 'show', ctrs[0]!.ContactId as string, '--archive', archive, '--json']);
    assert.equal((JSON.parse(show.stdout) as unknown[]).length, 1);
  });

  test('names the missing archive setting', async () => {
    const result = await runCli(['archive', 'import', 'x.json']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--archive .*CTR_ARCHIVE/);
  });

  test('a missing input path fails with a clear message', async () => {
    const result = await runCli(['archive', 'import', join(dir.path, 'nope.json'), '--archive', fresh()]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot read .*nope\.json: ENOENT/);
  });
});

describe('ctr-resync archive show', () => {
  test('lists versions newest first, as text and as JSON', async () => {
    const archive = fresh();
    const paths = [
      file('s/1.json', sampleText('ctr-01-inbound-voice-agent-first-delivery.json')),
      file('s/2.json', sampleText('ctr-02-same-contact-redelivered-after-attribute-update.json')),
    ];
    await runCli(['archive', 'import', ...paths, '--archive', archive]);
    const text = await runCli(['archive', 'show', 'c0ffee00-0000-4000-8000-000000000001', '--archive', archive]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /2 version\(s\)[\s\S]*2022-01-11T04:09:47.000Z[\s\S]*2022-01-05T17:48:35.000Z/);
    const json = JSON.parse((await runCli(['archive', 'show', 'c0ffee00-0000-4000-8000-000000000001', '--archive', archive, '--json'])).stdout) as {
      lastUpdateTimestamp: string;
      size: number;
      key: string;
    }[];
    assert.deepEqual(
      json.map((v) => v.lastUpdateTimestamp),
      ['2022-01-11T04:09:47.000Z', '2022-01-05T17:48:35.000Z'],
    );
    assert.ok(json.every((v) => v.size > 3000 && v.key.startsWith('ctr/c0ffee00')));
  });

  test('refuses an unsafe ContactId', async () => {
    const result = await runCli(['archive', 'show', '../../etc/passwd', '--archive', fresh()]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /ContactId/);
  });

  test('--help lists examples', async () => {
    const result = await runCli(['archive', 'show', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Examples:/);
  });
});

/** Quarantine objects of a folder archive (the CLI's clock is pinned to 2026-11-23). */
async function quarantined(root: string): Promise<{ reason: string; raw: Buffer; source: { offset?: number }; originalSizeBytes?: number }[]> {
  const archive = new CtrArchive(new FsArchiveStore({ root }));
  const out = [];
  for await (const q of archive.quarantinedInWindow({ from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') })) {
    const body = JSON.parse((await archive.store.get(q.key)).toString()) as {
      reason: string;
      rawBase64: string;
      source: { offset?: number };
      originalSizeBytes?: number;
    };
    out.push({ ...body, raw: Buffer.from(body.rawBase64, 'base64') });
  }
  return out;
}

describe('ctr-resync archive import on hostile input', () => {
  test('invalid UTF-8 is quarantined as not-utf8 with its raw bytes, like the Lambda; neighbours are stored', async () => {
    const archive = fresh();
    const [a, b] = [ctrFactory(), ctrFactory()];
    const bad = Buffer.concat([
      Buffer.from(JSON.stringify(ctrFactory()).slice(0, -1)),
      Buffer.from(',"x":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    const path = file('utf8/mixed.ndjson', Buffer.concat([Buffer.from(`${JSON.stringify(a)}\n`), bad, Buffer.from(`\n${JSON.stringify(b)}\n`)]));
    const result = await runCli(['archive', 'import', path, '--archive', archive, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { stored: number }).stored, 2);
    const q = await quarantined(archive);
    assert.deepEqual(
      q.map((x) => x.reason),
      ['not-utf8'],
    );
    assert.deepEqual(q[0]?.raw, bad, 'byte for byte');
  });

  test('a dangling symlink, a symlink loop and an unreadable file are file errors; later files are still read; exit 1', async () => {
    const archive = fresh();
    const folder = join(dir.path, 'links');
    mkdirSync(folder, { recursive: true });
    symlinkSync(join(folder, 'nowhere.json'), join(folder, 'a-dangling.json'));
    symlinkSync(join(folder, 'b-loop.json'), join(folder, 'b-loop.json'));
    symlinkSync(folder, join(folder, 'c-folder-loop'));
    // Unreadable: chmod 000 does not stop root, so as root use a file that stats as regular but fails to read.
    if (process.getuid?.() === 0) symlinkSync('/proc/self/mem', join(folder, 'd-unreadable.json'));
    else chmodSync(file('links/d-unreadable.json', JSON.stringify(ctrFactory())), 0o000);
    const last = ctrFactory();
    file('links/z-last.json', JSON.stringify(last));
    const result = await runCli(['archive', 'import', folder, '--archive', archive]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /stored 1 /, 'the summary is printed and the last file was read');
    assert.match(result.stderr, /error: Cannot read .*a-dangling\.json: ENOENT/);
    assert.match(result.stderr, /error: Cannot read .*b-loop\.json: ELOOP/);
    assert.match(result.stderr, /error: .*d-unreadable\.json: (read failed|Cannot read)/);
    assert.match(result.stderr, /warning: .*c-folder-loop: folder already read/);
    assert.ok((await runCli(['archive', 'show', last.ContactId as string, '--archive', archive])).code === 0);
  });

  test('FIFOs and hidden files are skipped with a warning (a FIFO is never opened)', async () => {
    const archive = fresh();
    const folder = join(dir.path, 'special');
    mkdirSync(folder, { recursive: true });
    execFileSync('mkfifo', [join(folder, 'pipe.json')]);
    file('special/.hidden.json', JSON.stringify(ctrFactory()));
    file('special/real.json', JSON.stringify(ctrFactory()));
    const result = await runCli(['archive', 'import', folder, join(folder, 'pipe.json'), '--archive', archive]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /files 1 .*stored 1 /);
    assert.match(result.stderr, /warning: .*\.hidden\.json: hidden; skipped/);
    assert.equal(result.stderr.match(/warning: .*pipe\.json: a FIFO, not a file; skipped/g)?.length, 2);
  });

  test('a gzip bomb is a file error past the decompressed-size bound; records before it are kept; the next file is read', async () => {
    const archive = fresh();
    const first = ctrFactory();
    const bomb = gzipSync(
      Buffer.concat([Buffer.from(`${JSON.stringify(first)}\n`), Buffer.alloc(50 * 1024 * 1024, 0x20), Buffer.from('{"tail":1}')]),
    );
    assert.ok(bomb.length < 200 * 1024);
    const after = ctrFactory();
    const paths = [file('bomb/a.json.gz', bomb), file('bomb/b.json', JSON.stringify(after))];
    const result = await runCli(['archive', 'import', ...paths, '--archive', archive, '--max-file-bytes', String(4 * 1024 * 1024), '--json']);
    assert.equal(result.code, 1);
    const summary = JSON.parse(result.stdout) as { stored: number; fileErrors: { message: string }[] };
    assert.equal(summary.stored, 2);
    assert.match(summary.fileErrors[0]?.message ?? '', /a\.json\.gz: more than 4194304 bytes after decompression/);
  });

  test('a record over --max-record-bytes is quarantined as too-large with a truncated copy; neighbours stored once', async () => {
    const archive = fresh();
    const [a, b] = [ctrFactory(), ctrFactory()];
    const big = JSON.stringify(ctrFactory({ Attributes: { blob: 'x'.repeat(200_000) } }));
    const path = file('big/firehose', `${JSON.stringify(a)},${big}garbage!{${JSON.stringify(b).slice(1)}`);
    const result = await runCli(['archive', 'import', path, '--archive', archive, '--max-record-bytes', '100000', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { stored: number; quarantined: number };
    assert.deepEqual([summary.stored, summary.quarantined], [2, 2]);
    const q = await quarantined(archive);
    const tooLarge = q.find((x) => x.reason === 'too-large');
    assert.equal(tooLarge?.originalSizeBytes, big.length);
    assert.ok((tooLarge?.raw.length ?? Infinity) <= 64 * 1024);
    const garbage = q.find((x) => x.reason === 'not-json');
    assert.equal(garbage?.raw.toString(), 'garbage!');
    assert.equal(garbage?.source.offset, JSON.stringify(a).length + 1 + big.length);
  });

  test('two too-large records that share their first 64 KiB get a quarantine object each', async () => {
    const archive = fresh();
    const prefix = `{"ContactId":"${'c'.repeat(10)}","blob":"${'x'.repeat(70_000)}`;
    const path = file('big/twins', `${prefix}1"}\n${prefix}22"}\n`);
    const result = await runCli(['archive', 'import', path, '--archive', archive, '--max-record-bytes', '65536', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const q = await quarantined(archive);
    assert.deepEqual(q.map((x) => [x.reason, x.originalSizeBytes]).sort(), [
      ['too-large', prefix.length + 3],
      ['too-large', prefix.length + 4],
    ]);
  });
});
