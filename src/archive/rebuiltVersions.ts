import { createHash } from 'node:crypto';
import type { ContactTraceRecord, ParsedCtr } from '../ctr/ContactTraceRecord.ts';
import { canonicalJson, normaliseTimestamp } from '../ctr/parseCtr.ts';
import { validateContactId } from '../ctr/validateContactId.ts';
import { ArchiveObjectNotFoundError, MalformedCtrError } from '../errors.ts';
import type { ArchiveStore } from '../ports/ArchiveStore.ts';
import { parseRebuiltVersionKey, rebuiltContactPrefix, rebuiltVersionId, rebuiltVersionKey } from './archiveKeys.ts';

/** A CTR rebuilt from the Connect analytics data lake, as the import hands it to the archive. */
interface RebuiltCtrInput {
  readonly contactId: string;
  /** Only the fields the data lake supplied (nothing guessed). */
  readonly ctr: ContactTraceRecord;
  /** CTR fields SCV's transform reads that the data lake could not supply: the sync is partial. */
  readonly missing: readonly string[];
  /** CTR durations rounded from milliseconds. */
  readonly approximated: readonly string[];
  /** ISO time of the import. */
  readonly rebuiltAt: string;
}

/** The stored object: an envelope, never a bare CTR, so it can never be read or imported as a captured record. */
interface RebuiltEnvelope {
  readonly source: 'data-lake';
  readonly rebuiltAt: string;
  readonly missing: readonly string[];
  readonly approximated: readonly string[];
  readonly ctr: ContactTraceRecord;
}

/** One stored rebuilt version. */
interface RebuiltVersionInfo {
  readonly key: string;
  readonly contactId: string;
  readonly versionId: string;
  readonly size: number;
}

/** The newest rebuilt version of a contact, read back. */
interface RebuiltVersion {
  readonly version: RebuiltVersionInfo;
  readonly ctr: ParsedCtr;
  readonly missing: readonly string[];
}

function contentHashOf(ctr: ContactTraceRecord): string {
  return createHash('sha256').update(canonicalJson(ctr)).digest('hex');
}

function lastUpdateOf(ctr: ContactTraceRecord): string | undefined {
  return normaliseTimestamp(ctr.LastUpdateTimestamp);
}

/**
 * Stores one rebuilt version under `rebuilt/data-lake/` (idempotent: the key is the content hash
 * of the CTR, so a re-import of the same row, or the data lake's at-least-once duplicate, stores
 * nothing new). Costs one existence check, plus one write when new.
 *
 * @throws InvalidIdentifierError when the ContactId is unsafe
 */
async function putRebuilt(store: ArchiveStore, input: RebuiltCtrInput): Promise<{ outcome: 'stored' | 'duplicate'; key: string; versionId: string }> {
  const contactId = validateContactId(input.contactId);
  const identity = { contactId, lastUpdateTimestamp: lastUpdateOf(input.ctr), contentHash: contentHashOf(input.ctr) };
  const key = rebuiltVersionKey(identity);
  const versionId = rebuiltVersionId(identity);
  if (await store.exists(key)) return { outcome: 'duplicate', key, versionId };
  const envelope: RebuiltEnvelope = {
    source: 'data-lake',
    rebuiltAt: input.rebuiltAt,
    missing: input.missing,
    approximated: input.approximated,
    ctr: input.ctr,
  };
  const written = await store.put(key, JSON.stringify(envelope), { ifAbsent: true });
  return { outcome: written === 'written' ? 'stored' : 'duplicate', key, versionId };
}

/** Every rebuilt version of a contact, newest first (one LIST of its own prefix). */
async function rebuiltVersions(store: ArchiveStore, contactId: string): Promise<RebuiltVersionInfo[]> {
  const found: RebuiltVersionInfo[] = [];
  for await (const object of store.list(rebuiltContactPrefix(contactId))) {
    const parts = parseRebuiltVersionKey(object.key);
    if (parts && parts.contactId === contactId) found.push({ key: object.key, contactId, versionId: parts.versionId, size: object.size });
  }
  return found.sort((a, b) => (a.versionId < b.versionId ? 1 : a.versionId > b.versionId ? -1 : 0));
}

/**
 * Reads one rebuilt version back as a ParsedCtr (its `raw` is the CTR's JSON, not the envelope).
 *
 * @throws MalformedCtrError when the object is not a data-lake envelope of this contact
 */
async function readRebuilt(store: ArchiveStore, version: RebuiltVersionInfo): Promise<RebuiltVersion> {
  const body = JSON.parse((await store.get(version.key)).toString('utf8')) as Partial<RebuiltEnvelope>;
  const ctr = body.ctr;
  if (body.source !== 'data-lake' || !ctr || typeof ctr !== 'object' || ctr.ContactId !== version.contactId) {
    throw new MalformedCtrError('not-an-object', `${version.key} is not a data-lake rebuilt CTR of its contact`);
  }
  const parsed: ParsedCtr = {
    ctr,
    raw: JSON.stringify(ctr),
    contactId: version.contactId,
    lastUpdateTimestamp: lastUpdateOf(ctr) ?? parseRebuiltVersionKey(version.key)?.lastUpdateTimestamp ?? '',
    initiationTimestamp: normaliseTimestamp(ctr.InitiationTimestamp),
    contentHash: contentHashOf(ctr),
  };
  return { version, ctr: parsed, missing: Array.isArray(body.missing) ? body.missing.filter((m) => typeof m === 'string') : [] };
}

/** The newest rebuilt version of a contact, or undefined when none is stored (one LIST, plus one GET when found). */
async function latestRebuilt(store: ArchiveStore, contactId: string): Promise<RebuiltVersion | undefined> {
  const [newest] = await rebuiltVersions(store, validateContactId(contactId));
  if (!newest) return undefined;
  try {
    return await readRebuilt(store, newest);
  } catch (error) {
    if (error instanceof ArchiveObjectNotFoundError) return undefined;
    throw error;
  }
}

export { latestRebuilt, putRebuilt, readRebuilt, rebuiltVersions };
export type { RebuiltCtrInput, RebuiltEnvelope, RebuiltVersion, RebuiltVersionInfo };
