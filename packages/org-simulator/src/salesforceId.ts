/**
 * Salesforce record Ids as the platform shapes them: a 3-character key prefix (`0LQ` for VoiceCall),
 * a 2-character pod, a reserved `0`, a 9-character base-62 counter, and a 3-character suffix that
 * encodes the case of the first 15 characters, so the 18-character form is case-safe.
 * Written apart from the product's `src/salesforce/soql.ts` on purpose: the simulator stands in for
 * Salesforce, so a bug in the product's checksum must not be mirrored by the Ids it is tested against.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const COUNTER_LENGTH = 9;
const ID15 = /^[0-9A-Za-z]{15}$/;
const ID18 = /^[0-9A-Za-z]{18}$/;

/**
 * The case-safe suffix of a 15-character Id: for each 5-character chunk, bit i is set when
 * character i is an upper-case letter, and the 5-bit value picks a character of `A-Z0-5`.
 *
 * @param id15 - a 15-character Id
 * @returns the 3-character suffix
 */
function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * Builds an 18-character Id.
 *
 * @param prefix - 3-character key prefix (`0LQ`, `00D`, `005`, `0r8`...)
 * @param pod - 2 base-62 characters naming the instance
 * @param counter - non-negative integer below 62^9
 */
function salesforceId(prefix: string, pod: string, counter: number): string {
  let digits = '';
  let n = counter;
  for (let i = 0; i < COUNTER_LENGTH; i += 1) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  const id15 = `${prefix}${pod}0${digits}`;
  return id15 + idSuffix(id15);
}

/**
 * The canonical 18-character form of a 15- or 18-character Id, or `undefined` when the text is not
 * a well-formed Id (wrong length, characters outside base 62, or a suffix that does not match).
 */
function canonicalId(text: string): string | undefined {
  if (ID15.test(text)) return text + idSuffix(text);
  if (!ID18.test(text)) return undefined;
  const id15 = text.slice(0, 15);
  return idSuffix(id15) === text.slice(15).toUpperCase() ? id15 + idSuffix(id15) : undefined;
}

/** The base-62 counter of a canonical Id (characters 7 to 15). */
function idCounter(id: string): number {
  let n = 0;
  for (let i = 6; i < 15; i += 1) n = n * 62 + BASE62.indexOf(id[i] ?? '0');
  return n;
}

/** A random base-62 string of the given length, from `randomInt`. */
function randomBase62(length: number, randomInt: (max: number) => number): string {
  let s = '';
  for (let i = 0; i < length; i += 1) s += BASE62[randomInt(62)];
  return s;
}

export { canonicalId, idCounter, idSuffix, randomBase62, salesforceId };
