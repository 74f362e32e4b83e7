import { createHash } from 'node:crypto';
import { CTR_YEAR_RANGE, MAX_CTR_BYTES, MAX_CTR_DEPTH } from '../constants.ts';
import { MalformedCtrError } from '../errors.ts';
import type { ContactTraceRecord, ParsedCtr } from './ContactTraceRecord.ts';
import { isValidContactId } from './validateContactId.ts';

const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Normalises a CTR timestamp (`yyyy-mm-ddThh:mm:ssZ`, optionally with fractions or an offset)
 * to `Date#toISOString()` form, or returns undefined when it is not a usable timestamp.
 */
function normaliseTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_PREFIX.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  // Outside these years toISOString() gives `+010000-...`, which no key pattern matches.
  return year < CTR_YEAR_RANGE.min || year > CTR_YEAR_RANGE.max ? undefined : date.toISOString();
}

/** Deepest nesting of `{`/`[` in JSON text (outside strings); stops counting past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return max;
}

/** JSON with object keys sorted at every level: equal for records with equal content. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Parses one CTR tolerantly: every field may be missing or null and unknown fields are kept, but
 * the record must be a JSON object with a usable ContactId and LastUpdateTimestamp (years
 * 2000..9999 once in UTC), nested at most {@link MAX_CTR_DEPTH} levels deep.
 *
 * @param input - the record's JSON, as text or as UTF-8 bytes
 * @returns the parsed record with its original text, normalised keys and content hash
 * @throws MalformedCtrError with a `reason` when the record cannot be archived as a CTR
 * @example
 * ```ts
 * const { contactId, lastUpdateTimestamp } = parseCtr('{"ContactId":"c1","LastUpdateTimestamp":"2022-01-05T17:48:35Z"}');
 * ```
 */
function parseCtr(input: string | Uint8Array): ParsedCtr {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_CTR_BYTES) {
    throw new MalformedCtrError('too-large', `Record is ${size} bytes; the limit is ${MAX_CTR_BYTES}`);
  }
  let raw: string;
  if (typeof input === 'string') raw = input;
  else {
    try {
      raw = utf8.decode(input);
    } catch (error) {
      throw new MalformedCtrError('not-utf8', 'Record is not valid UTF-8', { cause: error });
    }
  }
  if (nestingDepth(raw, MAX_CTR_DEPTH) > MAX_CTR_DEPTH) {
    throw new MalformedCtrError('too-deep', `Record nests objects or arrays more than ${MAX_CTR_DEPTH} levels deep`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // The parser's own message quotes the input, which may hold phone numbers: keep it out.
    throw new MalformedCtrError('not-json', 'Record is not valid JSON', { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedCtrError(
      'not-an-object',
      `Record is JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`,
    );
  }
  const ctr = value as ContactTraceRecord;
  if (ctr.ContactId === undefined || ctr.ContactId === null || ctr.ContactId === '') {
    throw new MalformedCtrError('missing-contact-id', 'Record has no ContactId (an agent event on the CTR stream?)');
  }
  if (!isValidContactId(ctr.ContactId)) {
    throw new MalformedCtrError(
      'invalid-contact-id',
      'ContactId is not a safe identifier (only letters, digits, ".", "_" and "-"; no ".."; at most 256 characters)',
    );
  }
  if (ctr.LastUpdateTimestamp === undefined || ctr.LastUpdateTimestamp === null) {
    throw new MalformedCtrError('missing-last-update-timestamp', 'Record has no LastUpdateTimestamp');
  }
  const lastUpdateTimestamp = normaliseTimestamp(ctr.LastUpdateTimestamp);
  if (lastUpdateTimestamp === undefined) {
    throw new MalformedCtrError(
      'invalid-last-update-timestamp',
      `LastUpdateTimestamp is not an ISO 8601 timestamp in the years ${CTR_YEAR_RANGE.min}..${CTR_YEAR_RANGE.max} (UTC)`,
    );
  }
  return {
    ctr,
    raw,
    contactId: ctr.ContactId,
    lastUpdateTimestamp,
    initiationTimestamp: normaliseTimestamp(ctr.InitiationTimestamp),
    contentHash: createHash('sha256').update(canonicalJson(ctr)).digest('hex'),
  };
}

export { canonicalJson, nestingDepth, normaliseTimestamp, parseCtr };
