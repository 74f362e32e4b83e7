import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunOneResult } from './runOne.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs bench/runOne.ts for one approach in a child process (so its peak RSS is its own) and
 * returns the `RESULT` line it printed. The child is killed after `timeoutMs`.
 *
 * @param children - the caller's set of running children (for its own deadline), kept up to date
 * @throws Error when the child fails, times out or prints no result
 */
function runOneInChild(
  approach: string,
  configPath: string,
  options: { readonly timeoutMs: number; readonly children?: Set<ChildProcess> },
): Promise<RunOneResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bench', 'runOne.ts'), approach, configPath], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    options.children?.add(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.children?.delete(child);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || line === undefined) reject(new Error(`bench/runOne.ts ${approach} exited with ${code ?? signal}`));
      else resolveRun(JSON.parse(line.slice('RESULT '.length)) as RunOneResult);
    });
  });
}

export { runOneInChild };
