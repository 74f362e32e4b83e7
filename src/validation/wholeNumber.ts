import { ConfigError } from '../errors.ts';

/**
 * Parses a whole number within [min, max] from a number or a decimal string (flags, environment,
 * CDK context). Only a value made of digits is repeated in the message.
 *
 * @param value - the raw setting
 * @param setting - its name, for the message
 * @param range - inclusive bounds
 * @throws ConfigError naming the setting and the range
 */
function parseWholeNumber(value: unknown, setting: string, range: { readonly min: number; readonly max: number }): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    const got = /^-?\d{1,20}$/.test(text) ? `, got ${text}` : '';
    throw new ConfigError(setting, `${setting} must be a whole number from ${range.min} to ${range.max}${got}`);
  }
  return n;
}

export { parseWholeNumber };
