/**
 * What a CLI command may touch of the process: its output streams, environment and clock. Tests
 * pass their own, so every command runs in-process with injected argv and captured output.
 */
interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Current time; injectable so tests can pin it. */
  now(): Date;
}

/** The real process's I/O. */
function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => new Date() };
}

export { processIo };
export type { CliIo };
