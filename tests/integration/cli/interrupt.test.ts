// Ctrl+C (SIGINT) during `archive import`, sent to the built CLI in a child process: the import
// stops reading, lets the writes in flight finish, prints the partial summary and exits 130; a
// second Ctrl+C exits at once; no temp file is left in the folder archive; a progress bar gives
// the terminal its cursor back on every way out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { tempDir } from '../../helpers/archives.ts';

const BIN = fileURLToPath(new URL('../../../bin/ctr-resync.mjs', import.meta.url));
const PROGRESS_FIXTURE = fileURLToPath(new URL('../../fixtures/.interrupt/progressOnTty.ts', import.meta.url));
const RECORDS = 60_000;
const dir = tempDir('interrupt');
const input = join(dir.path, 'big.ndjson');

before(async () => {
  // Small valid CTRs, one a line: more than an fsynced import gets through before the signal.
  const out = createWriteStream(input);
  for (let i = 0; i < RECORDS; i += 1) {
    const id = `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const line = `${JSON.stringify({ ContactId: id, LastUpdateTimestamp: '2026-11-20T10:05:00Z', InitiationTimestamp: '2026-11-20T10:00:00Z', Channel: 'VOICE' })}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
});
after(() => dir.remove());

/** Every path under `root` that looks like a temp file of the folder store. */
function tempFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true }) as string[]).filter((p) => p.includes('.tmp-'));
}

/** Starts an import into `archive`; once the first CTR is stored there, sends `signals` SIGINTs. */
async function interruptedImport(archive: string, signals: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'archive', 'import', input, '--archive', archive, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Wait (bounded) for the import to be under way: records stored in the archive.
  for (let i = 0; i < 600 && !existsSync(join(archive, 'ctr')) && child.exitCode === null; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  if (signals === 2) {
    // Signals sent together may arrive as one: send the second once the first was taken.
    for (let i = 0; i < 600 && !stderr.includes('interrupted') && child.exitCode === null; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
  }
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(killer);
  return { code, stdout, stderr };
}

test('Ctrl+C during archive import: writes in flight finish, partial summary, exit 130, no temp files', async () => {
  const archive = join(dir.path, 'once');
  const result = await interruptedImport(archive, 1);
  assert.equal(result.code, 130, result.stderr);
  const summary = JSON.parse(result.stdout) as { read: number; stored: number; failed: number; interrupted: boolean };
  assert.equal(summary.interrupted, true);
  assert.ok(summary.read > 0 && summary.read < RECORDS, `partial: read ${summary.read} of ${RECORDS}`);
  assert.equal(summary.failed, 0, 'in-flight writes were let finish');
  assert.equal(summary.stored, summary.read, 'every record read was stored');
  assert.match(result.stderr, /interrupted/);
  assert.deepEqual(tempFiles(archive), []);
});

test('a second Ctrl+C exits at once with 130, still leaving no temp file', async () => {
  const archive = join(dir.path, 'twice');
  const result = await interruptedImport(archive, 2);
  assert.equal(result.code, 130, result.stderr);
  assert.deepEqual(tempFiles(archive), []);
});

test('the progress bar shows the cursor again when the process ends without stop(): exit, and Ctrl+C', async () => {
  for (const mode of ['exit', 'sigint']) {
    const child = spawn(process.execPath, ['--import', 'tsx', PROGRESS_FIXTURE, mode], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('latin1');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, mode === 'exit' ? 1 : 130);
    assert.ok(
      stderr.lastIndexOf('\u001b[?25h') > stderr.lastIndexOf('\u001b[?25l'),
      `${mode}: cursor shown at the end: ${JSON.stringify(stderr.slice(-40))}`,
    );
  }
});
