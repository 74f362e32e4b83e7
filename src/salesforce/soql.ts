import { InvalidIdentifierError } from '../errors.ts';

/**
 * SOQL literal builders. Rules from Salesforce's "Quoted String Escape Sequences" (SOQL and SOSL
 * Reference): backslash is the escape character; `\n \r \t \b \f \" \' \\` and `\uXXXX` are the
 * valid sequences, and a backslash in any other position is an error. Nothing built here can end
 * a string literal early, so a value can never add SOQL keywords or clauses.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
// Backslash, quotes, C0 controls, DEL, C1 controls and the Unicode line/paragraph separators.
const NEEDS_ESCAPE = /[\\'"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;
const PREFIX_PATTERN = /^[a-zA-Z0-9]{3}$/;

/**
 * A SOQL string literal, quotes included: `O'Brien` → `'O\'Brien'`.
 *
 * @param value - any string
 * @throws TypeError when the value is not a string or holds a lone UTF-16 surrogate
 */
function soqlString(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`Expected a string for a SOQL literal, got ${typeof value}`);
  if (LONE_SURROGATE.test(value)) throw new TypeError('Refusing a SOQL literal with a lone UTF-16 surrogate');
  const escaped = value.replace(NEEDS_ESCAPE, (c) => SIMPLE_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${escaped}'`;
}

/**
 * A SOQL dateTime literal (unquoted, UTC, whole seconds): `2024-05-01T10:00:00Z`. Milliseconds are
 * dropped (floored), so `CreatedDate < x` may include up to 999 ms less than `x`.
 *
 * @param date - a valid Date between the years 1700 and 4000 (Salesforce's date range)
 * @throws TypeError for an invalid or out-of-range Date
 */
function soqlDateTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError('Expected a valid Date for a SOQL dateTime literal');
  const year = date.getUTCFullYear();
  if (year < 1700 || year > 4000) throw new TypeError(`Expected a SOQL dateTime between 1700 and 4000, got year ${year}`);
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The 3-character case-safe suffix Salesforce appends to a 15-character Id. */
function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += ID_ALPHABET[bits];
  }
  return suffix;
}

/** Options of {@link validateSalesforceId}. */
interface SalesforceIdOptions {
  /** Required key prefix, e.g. `0LQ` (VoiceCall) or `00D` (Organization). */
  readonly prefix?: string;
  /** What the Id is, for the error message. @default 'Salesforce Id' */
  readonly kind?: string;
}

/**
 * Checks a Salesforce record Id: 15 case-sensitive alphanumerics, or 18 whose last 3 characters
 * are the checksum of the first 15; optionally with a given key prefix.
 *
 * @param id - the candidate Id
 * @param options - required prefix and a name for messages
 * @returns the Id unchanged
 * @throws InvalidIdentifierError when it is not such an Id
 */
function validateSalesforceId(id: unknown, options?: SalesforceIdOptions): string {
  const kind = options?.kind ?? 'Salesforce Id';
  const prefix = options?.prefix;
  if (prefix !== undefined && !PREFIX_PATTERN.test(prefix)) throw new TypeError(`Expected a 3-character Id prefix, got ${JSON.stringify(prefix)}`);
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new InvalidIdentifierError(kind, `${kind} must be 15 or 18 letters and digits, got ${JSON.stringify(String(id).slice(0, 40))}`);
  }
  if (id.length === 18 && idSuffix(id.slice(0, 15)) !== id.slice(15)) {
    throw new InvalidIdentifierError(kind, `${kind} ${id} has a wrong checksum (expected suffix ${idSuffix(id.slice(0, 15))})`);
  }
  if (prefix !== undefined && !id.startsWith(prefix)) {
    throw new InvalidIdentifierError(kind, `${kind} ${id} does not start with ${prefix}`);
  }
  return id;
}

/**
 * The 18-character form of a valid Id (15 → 18; an 18 is returned as is), for comparing Ids.
 *
 * @throws InvalidIdentifierError when the Id is not valid
 */
function salesforceId18(id: string, options?: SalesforceIdOptions): string {
  const valid = validateSalesforceId(id, options);
  return valid.length === 18 ? valid : `${valid}${idSuffix(valid)}`;
}

/**
 * A parenthesised SOQL list of validated Ids, duplicates removed: `('0LQ…','0LQ…')`.
 *
 * @param ids - the Ids (each validated with `options`)
 * @param options - required prefix and a name for messages
 * @throws InvalidIdentifierError for an invalid Id; TypeError for an empty list (`IN ()` is not SOQL)
 */
function soqlIdList(ids: Iterable<string>, options?: SalesforceIdOptions): string {
  const unique = [...new Set([...ids].map((id) => validateSalesforceId(id, options)))];
  if (unique.length === 0) throw new TypeError('Expected at least one Id for a SOQL IN list');
  return `(${unique.map((id) => `'${id}'`).join(',')})`;
}

export { salesforceId18, soqlDateTime, soqlIdList, soqlString, validateSalesforceId };
export type { SalesforceIdOptions };
