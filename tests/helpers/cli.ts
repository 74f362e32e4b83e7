import type { CliIo } from '../../src/cli/CliIo.ts';
import { main } from '../../src/cli/main.ts';

/** Runs the CLI in-process with injected argv and environment; captures its output. */
async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  now = new Date('2026-11-23T12:00:00Z'),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
    cwd: process.cwd(),
    now: () => now,
  };
  const code = await main(['node', 'ctr-resync', ...args], io);
  return { code, stdout, stderr };
}

export { runCli };
