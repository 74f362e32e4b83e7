import { type SalesforceIdOptions, salesforceIdSuffix, validateSalesforceId } from '../validation/salesforceId.ts';

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
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses or strips
const NEEDS_ESCAPE = /[\\'"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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

/**
 * The 18-character form of a valid Id (15 → 18; an 18 is returned as is), for comparing Ids.
 *
 * @throws InvalidIdentifierError when the Id is not valid
 */
function salesforceId18(id: string, options?: SalesforceIdOptions): string {
  const valid = validateSalesforceId(id, options);
  return valid.length === 18 ? valid : `${valid}${salesforceIdSuffix(valid)}`;
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

export { salesforceId18, soqlDateTime, soqlIdList, soqlString };
