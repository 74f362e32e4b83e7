import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const BIN = fileURLToPath(new URL('../../../bin/ctr-resync.mjs', import.meta.url));

/**
 * Runs the built CLI with the read end of one of its output pipes closed before it writes (as
 * `ctr-resync --help | head -0` does), and collects the other stream and the exit status.
 */
async function runWithClosed(closed: 'stdout' | 'stderr', args: readonly string[]): Promise<{ code: number | null; other: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  child[closed].destroy();
  let other = '';
  child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (chunk: Buffer) => {
    other += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, other };
}

test('a closed stdout (--help | head) ends quietly with the exit status the command would have had', async () => {
  for (const args of [['--help'], ['reconcile', '--help'], ['--version']]) {
    const result = await runWithClosed('stdout', args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.other}`);
    assert.doesNotMatch(result.other, /EPIPE|Unhandled|at /, 'no stack trace on stderr');
  }
});

test('a closed stderr does not turn a usage error into a crash: still exit status 2', async () => {
  const result = await runWithClosed('stderr', ['reconcile', '--no-such-flag']);
  assert.equal(result.code, 2);
});
