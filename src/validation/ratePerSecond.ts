import { ConfigError } from '../errors.ts';

/**
 * Parses a request rate: a finite number > 0 and at most `max`, fractions allowed (a backfill
 * window's share of the budget may be 0.25/s). Only digits are repeated.
 *
 * @param value - the raw value (a number or decimal text)
 * @param setting - its name, for the message
 * @param max - the highest rate accepted (callers pass `max`)
 * @throws ConfigError naming the setting and the range
 */
function parseRatePerSecond(value: unknown, setting: string, max: number): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    const got = /^-?\d{1,20}(\.\d{1,20})?$/.test(text) ? `, got ${text}` : '';
    throw new ConfigError(setting, `${setting} must be a number of requests per second above 0 and at most ${max}${got}`);
  }
  return n;
}

export { parseRatePerSecond };
