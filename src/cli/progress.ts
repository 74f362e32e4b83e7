import cliProgress from 'cli-progress';
import { type CliIo, SHOW_CURSOR } from './CliIo.ts';

/** A progress display: a bar on a TTY, a periodic line otherwise (scheduled runs have no TTY). */
interface Progress {
  update(done: number, detail: Readonly<Record<string, number>>): void;
  stop(): void;
}

/** Options of {@link createProgress}. */
interface ProgressOptions {
  readonly label: string;
  /** Total units, when known. */
  readonly total?: number;
  /** Seconds between lines when not on a TTY. @default 5 */
  readonly intervalSeconds?: number;
  /** Print nothing (for `--json` runs). @default false */
  readonly quiet?: boolean;
}

function describe(detail: Readonly<Record<string, number>>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** Creates a progress display on stderr, so stdout stays clean for results and `--json`. */
function createProgress(io: CliIo, options: ProgressOptions): Progress {
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          options.total === undefined ? `${options.label} {value} | {detail}` : `${options.label} [{bar}] {percentage}% {value}/{total} | {detail}`,
        stream: io.stderr as NodeJS.WritableStream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    // The bar hides the cursor; whatever ends the process (an error, process.exit after Ctrl+C)
    // before stop() shows it again, so the terminal is never left without one.
    const restoreCursor = (): void => {
      io.stderr.write(SHOW_CURSOR);
    };
    process.once('exit', restoreCursor);
    bar.start(options.total ?? 0, 0, { detail: '' });
    let stopped = false;
    return {
      update: (done, detail) => {
        if (!stopped) bar.update(done, { detail: describe(detail) });
      },
      stop: () => {
        if (stopped) return;
        stopped = true;
        process.off('exit', restoreCursor);
        bar.stop();
        restoreCursor();
      },
    };
  }
  const intervalMs = (options.intervalSeconds ?? 5) * 1000;
  let last = Date.now();
  return {
    update: (done, detail) => {
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      io.stderr.write(
        `${new Date().toISOString()} ${options.label}: ${done}${options.total === undefined ? '' : `/${options.total}`} (${describe(detail)})\n`,
      );
    },
    stop: () => undefined,
  };
}

export { createProgress };
export type { Progress, ProgressOptions };
