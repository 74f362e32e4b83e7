import type { ReconcileProgress } from '../reconcile/ProgressTracker.ts';
import type { CliIo } from './CliIo.ts';

/** Renders reconcile progress snapshots on stderr. */
interface ReconcileProgressDisplay {
  update(progress: ReconcileProgress): void;
  /** Writes the final line (the last snapshot seen) and stops. */
  stop(): void;
}

/** Options of {@link createReconcileProgress}. */
interface ReconcileProgressOptions {
  readonly label: string;
  /** Print nothing (`--json`, `--format csv`). @default false */
  readonly quiet?: boolean;
  /** Milliseconds between lines when stderr is not a TTY (a new phase prints at once). @default 5000 */
  readonly lineIntervalMs?: number;
  /** Milliseconds between redraws on a TTY. @default 250 (4 a second) */
  readonly redrawIntervalMs?: number;
  /** Monotonic milliseconds (tests inject one). @default performance.now */
  readonly clock?: () => number;
}

/** `75s` → `1m15s`; `3700s` → `1h01m`. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function rate(perSecond: number): string {
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1);
}

/** The outcome counts a progress line shows, by short name. */
function counts(p: ReconcileProgress): [string, number][] {
  const s = p.summary;
  return [
    ['confirmed', s['resynced-confirmed'] + s['reverted-resynced']],
    ['unconfirmed', s['resynced-unconfirmed'] + s['not-landed']],
    ['excluded', s.excluded],
    ['no-ctr', s['no-archived-ctr']],
    ['done-before', s['already-resynced']],
    ['in-sync', s['in-sync']],
    ['would-resync', s['would-resync']],
    ['failed', s.failed],
  ];
}

/**
 * One readable line (a TTY): phase, done of total, rate, ETA, outcome counts and, while anything is
 * unconfirmed, what verification waits for, e.g.
 * `reconcile resync 120/500 24% | 9.8 PATCH/s | ETA 41s | confirmed 80, excluded 10 | awaiting landing 12 (oldest 6s)`.
 */
function formatProgressText(label: string, p: ReconcileProgress): string {
  if (p.phase === 'query') return `${label} query: reading the first page of candidates (${duration(p.elapsedMs)})`;
  const parts = [
    `${label} ${p.phase} ${p.done}${p.total === undefined ? '' : `/${p.total}${p.total > 0 ? ` ${Math.floor((100 * p.done) / p.total)}%` : ''}`}`,
    `${rate(p.patchRate)} PATCH/s`,
  ];
  if (p.etaSeconds !== undefined) parts.push(`ETA ${duration(p.etaSeconds * 1000)}`);
  const shown = counts(p).filter(([name, n]) => n > 0 || name === 'confirmed' || name === 'failed');
  parts.push(shown.map(([name, n]) => `${name} ${n}`).join(', '));
  if (p.awaitingLanding > 0) {
    const oldest = p.oldestAwaitingMs ?? 0;
    parts.push(
      `${p.phase === 'verify' ? 'waiting for' : 'awaiting landing'} ${p.awaitingLanding} PATCH${p.awaitingLanding === 1 ? '' : 'es'}${p.phase === 'verify' ? ' to land' : ''} (oldest ${duration(oldest)}, gives up at ${duration(p.verifyTimeoutMs)})`,
    );
  }
  return parts.join(' | ');
}

/**
 * The same facts as key=value pairs (no TTY: logs of scheduled runs), e.g.
 * `reconcile phase=resync done=120 total=500 patches=90 patch_rate=9.8/s eta=41s confirmed=80 ... awaiting=12 oldest=6s`.
 */
function formatProgressFields(label: string, p: ReconcileProgress): string {
  const fields: string[] = [`phase=${p.phase}`, `done=${p.done}`];
  if (p.total !== undefined) fields.push(`total=${p.total}`);
  fields.push(`patches=${p.patchesSent}`, `patch_rate=${rate(p.patchRate)}/s`);
  if (p.etaSeconds !== undefined) fields.push(`eta=${duration(p.etaSeconds * 1000)}`);
  for (const [name, n] of counts(p)) if (n > 0 || name === 'confirmed' || name === 'failed') fields.push(`${name}=${n}`);
  fields.push(`awaiting=${p.awaitingLanding}`);
  if (p.awaitingLanding > 0) fields.push(`oldest=${duration(p.oldestAwaitingMs ?? 0)}`, `verify_timeout=${duration(p.verifyTimeoutMs)}`);
  fields.push(`elapsed=${duration(p.elapsedMs)}`);
  return `${label} ${fields.join(' ')}`;
}

/**
 * Creates the reconcile progress display on stderr (stdout stays clean for results). On a TTY one
 * line redrawn in place (`\r`, at most 4 times a second, cut to the terminal's width) and a final
 * line; otherwise a key=value line every `lineIntervalMs` and at each new phase, and a final one.
 */
function createReconcileProgress(io: CliIo, options: ReconcileProgressOptions): ReconcileProgressDisplay {
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  const clock = options.clock ?? (() => performance.now());
  const tty = io.stderr.isTTY === true;
  const intervalMs = tty ? (options.redrawIntervalMs ?? 250) : (options.lineIntervalMs ?? 5000);
  let last: ReconcileProgress | undefined;
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let lastPhase: string | undefined;
  let stopped = false;
  const show = (p: ReconcileProgress, final: boolean): void => {
    if (tty) {
      const width = Math.max(20, (io.stderr.columns ?? 200) - 1);
      io.stderr.write(`\r${formatProgressText(options.label, p).slice(0, width)}\u001b[K${final ? '\n' : ''}`);
    } else {
      io.stderr.write(`${io.now().toISOString()} ${formatProgressFields(options.label, p)}${final ? ' final' : ''}\n`);
    }
  };
  return {
    update: (p) => {
      if (stopped) return;
      last = p;
      const now = clock();
      if (now - lastShownAt < intervalMs && p.phase === lastPhase) return;
      lastShownAt = now;
      lastPhase = p.phase;
      show(p, false);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (last) show(last, true);
    },
  };
}

export { createReconcileProgress, formatProgressFields, formatProgressText };
export type { ReconcileProgressDisplay, ReconcileProgressOptions };
