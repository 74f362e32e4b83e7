import { getEventListeners } from 'node:events';
import { EXIT } from './exitCodes.ts';

/**
 * What a CLI command may touch of the process: its output streams, environment, clock and the
 * interrupt signal. Tests pass their own, so every command runs in-process with injected argv and
 * captured output.
 */
interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Current time; injectable so tests can pin it. */
  now(): Date;
  /**
   * Aborted when the user interrupts the command (the first Ctrl+C, SIGINT; see {@link processIo}).
   * A command that can stop cleanly listens to it (`signal.addEventListener('abort', ...)`, or passes
   * it to something that does, such as `importCtrFiles({ signal })`): it stops starting new work,
   * lets the writes in flight finish, prints its partial summary (or writes its partial report) and
   * ends with `throw new CliExit(EXIT.interrupted)` (130). A second Ctrl+C exits at once with 130.
   * While nobody listens to it, the first Ctrl+C exits at once too (unless the command handles
   * SIGINT itself, as `sim` does). Absent in tests that do not need it.
   */
  readonly signal?: AbortSignal;
}

/** Shows the terminal cursor again (a progress bar hides it); harmless on a terminal that shows it. */
const SHOW_CURSOR = '\u001b[?25h';

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

let interrupt: AbortController | undefined;

/**
 * The process-wide interrupt signal: SIGINT aborts it the first time (when a command listens to
 * it), and exits with 130 the second time, or the first when nobody listens.
 */
function interruptSignal(): AbortSignal {
  if (interrupt) return interrupt.signal;
  const controller = new AbortController();
  interrupt = controller;
  const onSigint = (): void => {
    const listened = getEventListeners(controller.signal, 'abort').length > 0;
    if (!controller.signal.aborted && listened) {
      controller.abort(new Error('interrupted (SIGINT)'));
      process.stderr.write('\ninterrupted: finishing the writes in flight (press Ctrl+C again to stop at once)\n');
      return;
    }
    // Another handler (sim's) owns the first SIGINT; otherwise stop now, as without a handler.
    if (!controller.signal.aborted && process.listenerCount('SIGINT') > 1) return;
    if (process.stderr.isTTY) process.stderr.write(SHOW_CURSOR);
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSigint);
  return controller.signal;
}

/** The real process's I/O, with closed pipes tolerated and SIGINT wired to {@link CliIo.signal}. */
function processIo(): CliIo {
  tolerateClosedPipe(process.stdout);
  tolerateClosedPipe(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => new Date(), signal: interruptSignal() };
}

export { processIo, SHOW_CURSOR, tolerateClosedPipe };
export type { CliIo };
