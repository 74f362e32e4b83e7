import { ConfigError } from '../errors.ts';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration such as `30m`, `36h`, `7d` or `1d12h` into milliseconds.
 *
 * @throws ConfigError naming the setting when it is not a duration
 */
function parseDuration(value: string, setting: string): number {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+)\s*([smhdw])/g)];
  if (text === '' || parts.map((p) => p[0]).join('') !== text.replace(/\s+/g, '')) {
    throw new ConfigError(setting, `${setting} ${JSON.stringify(value)} is not a duration: use a number and a unit (s, m, h, d, w), e.g. 30m, 36h, 7d`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0);
}

/**
 * Parses a point in time: an ISO 8601 timestamp, or a duration meaning "that long before now".
 *
 * @throws ConfigError naming the setting
 */
function parseTimeOrAgo(value: string, setting: string, now: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new ConfigError(setting, `${setting} ${JSON.stringify(value)} is not a valid ISO 8601 time (e.g. 2026-11-20T00:00:00Z)`);
    return new Date(ms);
  }
  try {
    return new Date(now.getTime() - parseDuration(value, setting));
  } catch {
    throw new ConfigError(setting, `${setting} ${JSON.stringify(value)}: expected an ISO 8601 time (2026-11-20T00:00:00Z) or a duration before now (7d, 36h)`);
  }
}

export { parseDuration, parseTimeOrAgo };
