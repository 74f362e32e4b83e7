import { ConfigError } from '../errors.ts';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DAY_MS = 86_400_000;

/** Inclusive bounds of a duration setting, in milliseconds. */
interface DurationRange {
  readonly minMs?: number;
  readonly maxMs?: number;
}

/** `90000` → `1m30s`: a duration in the flags' own notation, for messages. */
function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of [
    ['d', DAY_MS],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * size;
  }
  return text === '' ? `${ms}ms` : text;
}

/**
 * Parses a duration such as `30m`, `36h`, `7d` or `1d12h` into milliseconds, within a range.
 *
 * @param value - the raw setting
 * @param setting - its name, for the message (`--grace`, `RECONCILE_GRACE`)
 * @param range - inclusive bounds; by default 0 to 3660 days
 * @throws ConfigError naming the setting: not a duration, or out of range (with the limits)
 */
function parseDuration(value: string, setting: string, range: DurationRange = {}): number {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+)\s*([smhdw])/g)];
  if (text === '' || parts.map((p) => p[0]).join('') !== text.replace(/\s+/g, '')) {
    throw new ConfigError(setting, `${setting} is not a duration: use a number and a unit (s, m, h, d, w), e.g. 30m, 36h, 7d`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0);
  const minMs = range.minMs ?? 0;
  const maxMs = range.maxMs ?? 3660 * DAY_MS;
  if (!Number.isSafeInteger(ms) || ms < minMs || ms > maxMs) {
    // The text passed the shape check (digits and units only), so it is safe to repeat.
    throw new ConfigError(setting, `${setting} ${text} is out of range: use a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`);
  }
  return ms;
}

export { DAY_MS, formatDuration, parseDuration };
export type { DurationRange };
