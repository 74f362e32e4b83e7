import { MAX_CONTACT_ID_LENGTH } from '../constants.ts';
import { InvalidIdentifierError } from '../errors.ts';

// Amazon Connect ContactIds are UUIDs; the data model allows 1-256 characters. We accept the safe
// subset that can go into an S3 key, a file name and a URL path segment unescaped.
const CONTACT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks that a ContactId is safe to use in an object key, a file path or a URL.
 *
 * @param value - the candidate ContactId
 * @returns the same string, typed as validated
 * @throws InvalidIdentifierError when it is empty, too long, holds `..`, a separator, a control
 *   character or anything outside `[A-Za-z0-9._-]`
 */
function validateContactId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidIdentifierError('ContactId', 'ContactId must be a non-empty string');
  }
  if (value.length > MAX_CONTACT_ID_LENGTH) {
    throw new InvalidIdentifierError('ContactId', `ContactId is ${value.length} characters; at most ${MAX_CONTACT_ID_LENGTH} are allowed`);
  }
  if (value.includes('..') || !CONTACT_ID_PATTERN.test(value)) {
    throw new InvalidIdentifierError(
      'ContactId',
      `ContactId ${JSON.stringify(value.slice(0, 80))} may only hold letters, digits, '.', '_' and '-' (no '..', separators or control characters)`,
    );
  }
  return value;
}

/** True when `value` passes {@link validateContactId}. */
function isValidContactId(value: unknown): value is string {
  try {
    validateContactId(value);
    return true;
  } catch {
    return false;
  }
}

export { isValidContactId, validateContactId };
