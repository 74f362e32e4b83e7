import { isVersionId } from '../archive/archiveKeys.ts';
import { isValidContactId } from '../ctr/validateContactId.ts';
import { MalformedRepairMessageError } from '../errors.ts';
import type { RepairRequest } from './RepairEnqueuer.ts';

/** Message body format version (bump on an incompatible change). */
const REPAIR_MESSAGE_VERSION = 1;

/** The JSON body of one repair message: identifiers only, never CTR contents or phone numbers. */
function encodeRepairMessage(request: RepairRequest): string {
  return JSON.stringify({ v: REPAIR_MESSAGE_VERSION, contactId: request.contactId, versionId: request.versionId });
}

/**
 * Parses and validates a repair message body.
 *
 * @throws MalformedRepairMessageError when it is not a version-1 body with a valid ContactId and version id
 */
function decodeRepairMessage(body: string): RepairRequest {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new MalformedRepairMessageError('the body is not JSON');
  }
  const o = value as { v?: unknown; contactId?: unknown; versionId?: unknown } | null;
  if (typeof o !== 'object' || o === null || o.v !== REPAIR_MESSAGE_VERSION) throw new MalformedRepairMessageError('not a version-1 repair message');
  if (typeof o.contactId !== 'string' || !isValidContactId(o.contactId)) throw new MalformedRepairMessageError('contactId is not a valid ContactId');
  if (typeof o.versionId !== 'string' || !isVersionId(o.versionId)) throw new MalformedRepairMessageError('versionId is not an archive version id');
  return { contactId: o.contactId, versionId: o.versionId };
}

export { decodeRepairMessage, encodeRepairMessage, REPAIR_MESSAGE_VERSION };
