import { createHash } from 'node:crypto';
import { MAX_CTR_BYTES } from '../constants.ts';
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
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
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
 * the record must be a JSON object with a usable ContactId and LastUpdateTimestamp.
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
  let raw: string;
  if (typeof input === 'string') raw = input;
  else {
    if (input.byteLength > MAX_CTR_BYTES) {
      throw new MalformedCtrError('not-json', `Record is ${input.byteLength} bytes; the limit is ${MAX_CTR_BYTES}`);
    }
    try {
      raw = utf8.decode(input);
    } catch (error) {
      throw new MalformedCtrError('not-utf8', 'Record is not valid UTF-8', { cause: error });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // The parser's own message quotes the input, which may hold phone numbers: keep it out.
    throw new MalformedCtrError('not-json', 'Record is not valid JSON', { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedCtrError('not-an-object', `Record is JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`);
  }
  const ctr = value as ContactTraceRecord;
  if (ctr.ContactId === undefined || ctr.ContactId === null || ctr.ContactId === '') {
    throw new MalformedCtrError('missing-contact-id', 'Record has no ContactId (an agent event on the CTR stream?)');
  }
  if (!isValidContactId(ctr.ContactId)) {
    throw new MalformedCtrError('invalid-contact-id', 'ContactId is not a safe identifier (only letters, digits, ".", "_" and "-"; no ".."; at most 256 characters)');
  }
  if (ctr.LastUpdateTimestamp === undefined || ctr.LastUpdateTimestamp === null) {
    throw new MalformedCtrError('missing-last-update-timestamp', 'Record has no LastUpdateTimestamp');
  }
  const lastUpdateTimestamp = normaliseTimestamp(ctr.LastUpdateTimestamp);
  if (lastUpdateTimestamp === undefined) {
    throw new MalformedCtrError('invalid-last-update-timestamp', 'LastUpdateTimestamp is not an ISO 8601 timestamp');
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

export { canonicalJson, normaliseTimestamp, parseCtr };
