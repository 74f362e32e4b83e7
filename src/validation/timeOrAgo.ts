import { ConfigError } from '../errors.ts';
import { DAY_MS, parseDuration } from './duration.ts';

/** How far back "a duration before now" may reach by default (10 years). */
const DEFAULT_MAX_AGO_MS = 3660 * DAY_MS;
const ISO_START = /^\d{4}-\d{2}-\d{2}/;
const ISO_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
/** Salesforce's dateTime range starts in 1700; nothing this tool handles predates Amazon Connect. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(4000, 0, 1);

/**
 * Parses a point in time: an ISO 8601 timestamp with a zone (`Z` or `+01:00`), or a duration
 * meaning "that long before now". A timestamp without a zone is refused (it would silently mean
 * the host's local time or UTC, depending on its form).
 *
 * @param value - the raw setting
 * @param setting - its name, for the message (`--since`, `since`)
 * @param now - the reference for durations
 * @param options - `maxAgoMs`: how far back a duration may go (default 3660 days)
 * @throws ConfigError naming the setting and the fix
 */
function parseTimeOrAgo(value: string, setting: string, now: Date, options: { readonly maxAgoMs?: number } = {}): Date {
  const text = value.trim();
  if (ISO_START.test(text)) {
    if (!ISO_ZONE.test(text)) {
      throw new ConfigError(
        setting,
        `${setting} ${text.slice(0, 10)}... has no time zone: add one, e.g. ${text.slice(0, 10)}T00:00:00Z (UTC) or ${text.slice(0, 10)}T00:00:00+01:00`,
      );
    }
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new ConfigError(setting, `${setting} is not a valid ISO 8601 time (e.g. 2026-11-20T00:00:00Z)`);
    if (ms < EARLIEST_MS || ms >= LATEST_MS) throw new ConfigError(setting, `${setting} is out of range: use a time from 2000-01-01T00:00:00Z on`);
    return new Date(ms);
  }
  let ago: number;
  try {
    ago = parseDuration(text, setting, { maxMs: options.maxAgoMs ?? DEFAULT_MAX_AGO_MS });
  } catch (error) {
    if (error instanceof ConfigError && error.message.includes('out of range')) throw error;
    throw new ConfigError(setting, `${setting} must be an ISO 8601 time with a zone (2026-11-20T00:00:00Z) or a duration before now (7d, 36h)`, {
      cause: error,
    });
  }
  return new Date(now.getTime() - ago);
}

export { DEFAULT_MAX_AGO_MS, parseTimeOrAgo };
