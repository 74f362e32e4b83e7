import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
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
    assert.deepEqual(JSON.parse(result.stdout), { archive, files: 4, read: 7, stored: 5, duplicate: 1, quarantined: 1, failed: 0, fileErrors: [], failures: [] });
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
    const paths = [file('s/1.json', sampleText('ctr-01-inbound-voice-agent-first-delivery.json')), file('s/2.json', sampleText('ctr-02-same-contact-redelivered-after-attribute-update.json'))];
    await runCli(['archive', 'import', ...paths, '--archive', archive]);
    const text = await runCli(['archive', 'show', 'c0ffee00-0000-4000-8000-000000000001', '--archive', archive]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /2 version\(s\)[\s\S]*2022-01-11T04:09:47.000Z[\s\S]*2022-01-05T17:48:35.000Z/);
    const json = JSON.parse((await runCli(['archive', 'show', 'c0ffee00-0000-4000-8000-000000000001', '--archive', archive, '--json'])).stdout) as { lastUpdateTimestamp: string; size: number; key: string }[];
    assert.deepEqual(json.map((v) => v.lastUpdateTimestamp), ['2022-01-11T04:09:47.000Z', '2022-01-05T17:48:35.000Z']);
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
