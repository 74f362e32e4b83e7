/**
 * What a CLI command may touch of the process: its output streams, environment, clock and the
 * interrupt signal. Tests pass their own, so every command runs in-process with injected argv and
 * captured output.
 */
interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Current time; injectable so tests can pin it. */
  now(): Date;
}

/**
 * Makes a closed pipe on a standard stream (`ctr-resync --help | head -2`: the reader went away)
 * harmless: the EPIPE that the stream emits, and the "write after destroy" errors of later writes,
 * are swallowed instead of crashing the process with a stack trace. The command goes on with its
 * output discarded and ends with the exit status it would have had. Installed once per stream.
 */
function tolerateClosedPipe(stream: NodeJS.WriteStream): void {
  const marked = stream as NodeJS.WriteStream & { ctrResyncClosedPipe?: boolean };
  if (marked.ctrResyncClosedPipe) return;
  marked.ctrResyncClosedPipe = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

/** The real process's I/O. */
function processIo(): CliIo {
  tolerateClosedPipe(process.stdout);
  tolerateClosedPipe(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => new Date() };
}

export { processIo, tolerateClosedPipe };
export type { CliIo };
