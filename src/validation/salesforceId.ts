import { InvalidIdentifierError } from '../errors.ts';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;
const PREFIX_PATTERN = /^[a-zA-Z0-9]{3}$/;

/** The 3-character case-safe suffix Salesforce appends to a 15-character Id. */
function salesforceIdSuffix(id15: string): string {
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
 * are the checksum of the first 15; optionally with a given key prefix. For Ids that arrive as
 * data (VoiceCall Ids from a query, a ledger key); settings use {@link validateOrgId}.
 *
 * @param id - the candidate Id
 * @param options - required prefix and a name for messages
 * @returns the Id unchanged
 * @throws InvalidIdentifierError when it is not such an Id; TypeError for a malformed prefix option
 */
function validateSalesforceId(id: unknown, options?: SalesforceIdOptions): string {
  const kind = options?.kind ?? 'Salesforce Id';
  const prefix = options?.prefix;
  if (prefix !== undefined && !PREFIX_PATTERN.test(prefix)) throw new TypeError(`Expected a 3-character Id prefix, got ${JSON.stringify(prefix)}`);
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new InvalidIdentifierError(kind, `${kind} must be 15 or 18 letters and digits, got ${JSON.stringify(String(id).slice(0, 40))}`);
  }
  if (id.length === 18 && salesforceIdSuffix(id.slice(0, 15)) !== id.slice(15)) {
    throw new InvalidIdentifierError(kind, `${kind} ${id} has a wrong checksum (expected suffix ${salesforceIdSuffix(id.slice(0, 15))})`);
  }
  if (prefix !== undefined && !id.startsWith(prefix)) {
    throw new InvalidIdentifierError(kind, `${kind} ${id} does not start with ${prefix}`);
  }
  return id;
}

/** Key prefix of VoiceCall record Ids. */
const VOICECALL_ID_PREFIX = '0LQ';

/**
 * Checks that an Id is a VoiceCall Id before it reaches a URL or a Lambda payload.
 *
 * @throws InvalidIdentifierError (kind `VoiceCall Id`)
 */
function validateVoiceCallId(voiceCallId: unknown): string {
  return validateSalesforceId(voiceCallId, { prefix: VOICECALL_ID_PREFIX, kind: 'VoiceCall Id' });
}

export { salesforceIdSuffix, validateSalesforceId, validateVoiceCallId, VOICECALL_ID_PREFIX };
export type { SalesforceIdOptions };
