import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import { main } from '../../../src/cli/main.ts';
import { tempDir } from '../../helpers/archives.ts';

const dir = tempDir('demo-cli');
after(() => dir.remove());

/** Runs the CLI in-process with its working directory set to `cwd`. */
async function runIn(cwd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd,
    now: () => new Date('2026-11-23T12:00:00Z'),
  };
  return { code: await main(['node', 'ctr-resync', ...args], io), stdout, stderr };
}

describe('ctr-resync demo --dir safety', () => {
  test('refuses a non-empty folder it did not create, names --dir and the fix, deletes nothing', async () => {
    const folder = join(dir.path, 'mine');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'thesis.txt'), 'precious');
    const result = await runIn(dir.path, ['demo', '--records', '10', '--dir', folder]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--dir .*mine is a non-empty folder the demo did not create.*choose a new or empty folder/);
    assert.equal(readFileSync(join(folder, 'thesis.txt'), 'utf8'), 'precious');
  });

  test('--dir . refuses to wipe a non-empty working directory', async () => {
    const cwd = join(dir.path, 'work');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'notes.md'), 'keep me');
    const result = await runIn(cwd, ['demo', '--records', '10', '--dir', '.']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--dir /);
    assert.ok(existsSync(join(cwd, 'notes.md')));
  });

  test('refuses a file given as --dir', async () => {
    const path = join(dir.path, 'a-file');
    writeFileSync(path, 'x');
    const result = await runIn(dir.path, ['demo', '--dir', path]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--dir .*is not a folder/);
    assert.equal(readFileSync(path, 'utf8'), 'x');
  });

  test('runs in a new folder, marks it, and may run there again', async () => {
    const folder = join(dir.path, 'fresh', 'demo');
    const first = await runIn(dir.path, ['demo', '--records', '200', '--dir', folder, '--json']);
    assert.ok(first.code === 0 || first.code === 1, first.stderr);
    assert.ok(existsSync(join(folder, '.ctr-resync-demo')), 'the marker is written');
    const json = JSON.parse(first.stdout) as { dataLake: Record<string, number>; missing: Record<string, number> };
    for (const field of ['contacts', 'auditMissingFromArchive', 'imported', 'undecidable', 'repaired', 'partial', 'excluded'])
      assert.equal(typeof json.dataLake[field], 'number', `demo --json has dataLake.${field}`);
    assert.ok((json.dataLake.auditMissingFromArchive ?? 0) > 0, 'the contacts that never reached the stream are capture gaps');
    assert.equal(json.missing.resyncedFromDataLake, json.dataLake.repaired);
    const second = await runIn(dir.path, ['demo', '--records', '200', '--dir', folder, '--json']);
    assert.ok(second.code === 0 || second.code === 1, second.stderr);
    assert.doesNotMatch(second.stderr, /--dir/);
  });
});

test('the demo table shows the audit and the data-lake repairs', async () => {
  const result = await runIn(dir.path, ['demo', '--records', '200', '--dir', join(dir.path, 'table')]);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  assert.match(result.stdout, /contacts missing from the archive \(audit\)\s+\d+/);
  assert.match(result.stdout, /repaired from the data lake\s+\d+\s+no captured CTR; \d+ rebuilt versions imported/);
});
