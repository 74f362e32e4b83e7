import { ConfigError } from '../errors.ts';

/** One reconcile run of a backfill: the Step Functions Map item and the reconcile Lambda's input. */
interface BackfillWindow {
  /** Inclusive start, ISO 8601 UTC. */
  readonly since: string;
  /** Exclusive end, ISO 8601 UTC. */
  readonly until: string;
}

/** The backfill state machine's execution input. */
interface BackfillInput {
  /** First day, `YYYY-MM-DD` (UTC). */
  readonly from: string;
  /** Last day included, `YYYY-MM-DD` (UTC). */
  readonly to: string;
  readonly windows: readonly BackfillWindow[];
}

/** Options of {@link backfillWindows}. */
interface BackfillWindowOptions {
  /** Hours per window; a divisor of 24 so windows never straddle a day. @default 24 */
  readonly windowHours?: number;
  /** Now, to refuse days in the future. @default new Date() */
  readonly now?: Date;
}

/** Longest range one execution covers (one year, leap day included). */
const MAX_BACKFILL_DAYS = 366;
/**
 * Most windows one execution runs: keeps the input far below Step Functions' 256 KiB payload quota and
 * the inline Map's ~11 history events per window below the 25,000-event execution history quota.
 */
const MAX_BACKFILL_WINDOWS = 1_000;
const WINDOW_HOURS = [1, 2, 3, 4, 6, 8, 12, 24];
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Parses a calendar day `YYYY-MM-DD` as UTC midnight.
 *
 * @throws ConfigError naming the setting when the text is not a real calendar day
 */
function parseDay(value: string, setting: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.toISOString().slice(0, 10) !== value.trim()) {
    throw new ConfigError(setting, `${setting} ${JSON.stringify(value)} is not a calendar day: use YYYY-MM-DD (UTC), e.g. 2026-01-31`);
  }
  return date;
}

/**
 * Splits the days `from`..`to` (both included, UTC) into consecutive reconcile windows that cover the
 * range exactly once: `[since, until)` each, `windowHours` long, in time order.
 *
 * @param from - first day, `YYYY-MM-DD`
 * @param to - last day included, `YYYY-MM-DD`
 * @throws ConfigError when a day is malformed, the range is reversed, reaches past today, is longer
 *   than {@link MAX_BACKFILL_DAYS} days or yields more than {@link MAX_BACKFILL_WINDOWS} windows
 */
function backfillWindows(from: string, to: string, options: BackfillWindowOptions = {}): BackfillWindow[] {
  const windowHours = options.windowHours ?? 24;
  if (!WINDOW_HOURS.includes(windowHours)) {
    throw new ConfigError('--window-hours', `--window-hours ${windowHours}: use a divisor of 24 (${WINDOW_HOURS.join(', ')})`);
  }
  const start = parseDay(from, '--from');
  const last = parseDay(to, '--to');
  if (last.getTime() < start.getTime()) throw new ConfigError('--to', `--to ${to} is before --from ${from}`);
  const now = options.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (last.getTime() > today)
    throw new ConfigError('--to', `--to ${to} is in the future (today is ${new Date(today).toISOString().slice(0, 10)} UTC)`);
  const days = (last.getTime() - start.getTime()) / DAY_MS + 1;
  if (days > MAX_BACKFILL_DAYS) {
    throw new ConfigError(
      '--to',
      `${from}..${to} is ${days} days; one backfill covers at most ${MAX_BACKFILL_DAYS}: start one per year (or shorter range)`,
    );
  }
  const count = days * (24 / windowHours);
  if (count > MAX_BACKFILL_WINDOWS) {
    throw new ConfigError(
      '--window-hours',
      `${days} days in ${windowHours}-hour windows is ${count} windows; one backfill runs at most ${MAX_BACKFILL_WINDOWS}: use longer windows or a shorter range`,
    );
  }
  const step = windowHours * HOUR_MS;
  return Array.from({ length: count }, (_, i) => ({
    since: new Date(start.getTime() + i * step).toISOString(),
    until: new Date(start.getTime() + (i + 1) * step).toISOString(),
  }));
}

/**
 * The execution name: readable, unique per start, within Step Functions' 80-character limit and
 * character set (letters, digits, `-`, `_`).
 */
function backfillExecutionName(from: string, to: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `backfill-${from}-to-${to}-${stamp}`;
}

export { backfillExecutionName, backfillWindows, MAX_BACKFILL_DAYS, MAX_BACKFILL_WINDOWS, parseDay };
export type { BackfillInput, BackfillWindow, BackfillWindowOptions };
