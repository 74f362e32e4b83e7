/**
 * Date and time text as Salesforce reads and writes it. REST responses render dateTime fields as
 * `2022-01-05T17:12:59.000+0000` (UTC, milliseconds, offset without a colon) and date fields as
 * `2022-01-05`; inputs accept ISO 8601 with `Z` or an offset and optional fractional seconds.
 */

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Renders epoch milliseconds as a Salesforce dateTime: `2022-01-05T17:12:59.000+0000`. */
function formatSfDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/** Renders epoch milliseconds (midnight UTC) as a Salesforce date: `2022-01-05`. */
function formatSfDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function validCalendar(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 dateTime (`2024-01-01T00:00:00Z`, `...+01:00`, `...-0800`, fractional
 * seconds allowed, milliseconds kept) into epoch milliseconds.
 *
 * @returns the instant, or `undefined` when the text is not a valid dateTime
 */
function parseIsoDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (!validCalendar(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, fraction) - offsetMinutes * 60_000;
}

/** Parses `YYYY-MM-DD` into epoch milliseconds at midnight UTC, or `undefined`. */
function parseIsoDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validCalendar(y, mo, d) ? Date.UTC(y, mo - 1, d) : undefined;
}

export { formatSfDate, formatSfDateTime, parseIsoDate, parseIsoDateTime };
