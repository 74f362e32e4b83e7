import { ARCHIVE_PREFIXES } from '../constants.ts';
import type { ParsedCtr } from '../ctr/ContactTraceRecord.ts';
import { validateContactId } from '../ctr/validateContactId.ts';
import { InvalidIdentifierError } from '../errors.ts';
import { validateSalesforceId } from '../validation/salesforceId.ts';

/**
 * The archive's key scheme, shared by every store. Layout (below the user's prefix):
 *
 * ```
 * ctr/<ContactId>/<yyyyMMddTHHmmssSSSZ>_<hash16>.json      one object per distinct CTR version
 * index/by-initiation/<yyyy-MM-dd>/<yyyyMMddTHHmmssSSSZ>_<CHANNEL>_<ContactId>   time index (day partitions)
 * quarantine/<yyyy-MM-dd>/<sha256>.json                    malformed records, reason + raw bytes
 * ledger/<VoiceCallId>/<version>.json                      resync ledger: one entry per (VoiceCall, CTR version)
 * reports/<yyyy-MM-dd>/<runId>.json                        reports of scheduled reconcile runs
 * reports/audit/<yyyy-MM-dd>/<runId>.json                  scheduled completeness audits (first audited day)
 * rebuilt/data-lake/<ContactId>/<yyyyMMddTHHmmssSSSZ>_<hash16>.json   CTRs rebuilt from the data lake
 * decisions/<mode>/<yyyy-MM-dd>.json                       reconcile decisions a later run may reuse, per CallStartDateTime day
 * ```
 *
 * A rebuilt version lives under its own prefix, never under `ctr/`, so no listing of captured
 * versions (`versions`, `latest`, `holdsVersions`) can see it: it cannot shadow a captured CTR by
 * construction. Its version id is `dl_<yyyyMMddTHHmmssSSSZ>_<hash16>` (the timestamp is the rebuilt
 * LastUpdateTimestamp, or `00000101T000000000Z` when the data lake gave none), so its ledger entries
 * never collide with a captured version's. Rebuilt versions are not in the time index: the index
 * (and the audit's "in the archive") means captured.
 *
 * Version keys sort by LastUpdateTimestamp, then by content hash, so the newest version is the
 * greatest key and a later version can never overwrite an earlier one. Every key of the archive is
 * built here, from validated identifiers.
 */

const HASH_CHARS = 16;
const VERSION_KEY = /^([0-9]{8}T[0-9]{9}Z)_([0-9a-f]{16})\.json$/;
const VERSION_ID = /^(?:dl_)?[0-9]{8}T[0-9]{9}Z_[0-9a-f]{16}$/;
const REBUILT_ID_PREFIX = 'dl_';
/** The timestamp part of a rebuilt version whose row had no LastUpdateTimestamp (sorts lowest). */
const NO_TIMESTAMP = '00000101T000000000Z';

/** `2022-01-05T17:48:35.000Z` → `20220105T174835000Z` (sortable, no colons). */
function compactTimestamp(iso: string): string {
  return iso.replace(/[-:.]/g, '');
}

/** `20220105T174835000Z` → `2022-01-05T17:48:35.000Z`. */
function expandTimestamp(compact: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(compact);
  if (!m) throw new Error(`Not a compact timestamp: ${compact}`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

/** Short content hash used in version keys and as the version id. */
function versionId(ctr: Pick<ParsedCtr, 'lastUpdateTimestamp' | 'contentHash'>): string {
  return `${compactTimestamp(ctr.lastUpdateTimestamp)}_${ctr.contentHash.slice(0, HASH_CHARS)}`;
}

/** True for a version id made by {@link versionId} (`<yyyyMMddTHHmmssSSSZ>_<hash16>`) or {@link rebuiltVersionId} (`dl_...`). */
function isVersionId(value: string): boolean {
  return VERSION_ID.test(value);
}

/** Prefix under which all versions of one contact live. */
function contactPrefix(contactId: string): string {
  return `${ARCHIVE_PREFIXES.versions}${validateContactId(contactId)}/`;
}

/**
 * Key of one CTR version.
 *
 * @throws Error when the version id would not match the version-key pattern (a timestamp outside
 *   years 0000..9999 or a short hash): such a key could be written but never listed or read back.
 */
function versionKey(ctr: Pick<ParsedCtr, 'contactId' | 'lastUpdateTimestamp' | 'contentHash'>): string {
  const id = versionId(ctr);
  if (!isVersionId(id)) throw new Error(`Version id ${JSON.stringify(id.slice(0, 60))} does not match the version-key pattern`);
  return `${contactPrefix(ctr.contactId)}${id}.json`;
}

/** What a version key says about its version, or undefined for a foreign key. */
interface VersionKeyParts {
  readonly contactId: string;
  readonly lastUpdateTimestamp: string;
  readonly hash: string;
  readonly versionId: string;
}

/** Parses a key made by {@link versionKey}. */
function parseVersionKey(key: string): VersionKeyParts | undefined {
  if (!key.startsWith(ARCHIVE_PREFIXES.versions)) return undefined;
  const rest = key.slice(ARCHIVE_PREFIXES.versions.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const m = VERSION_KEY.exec(rest.slice(slash + 1));
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { contactId: rest.slice(0, slash), lastUpdateTimestamp: expandTimestamp(m[1]), hash: m[2], versionId: `${m[1]}_${m[2]}` };
}

/** Prefix under which the rebuilt (data-lake) versions of one contact live. */
function rebuiltContactPrefix(contactId: string): string {
  return `${ARCHIVE_PREFIXES.rebuiltDataLake}${validateContactId(contactId)}/`;
}

/** Version id of a rebuilt CTR: `dl_<LastUpdateTimestamp or 00000101T000000000Z>_<hash16>`. */
function rebuiltVersionId(rebuilt: { readonly lastUpdateTimestamp: string | undefined; readonly contentHash: string }): string {
  const at = rebuilt.lastUpdateTimestamp === undefined ? NO_TIMESTAMP : compactTimestamp(rebuilt.lastUpdateTimestamp);
  return `${REBUILT_ID_PREFIX}${at}_${rebuilt.contentHash.slice(0, HASH_CHARS)}`;
}

/**
 * Key of one rebuilt CTR version.
 *
 * @throws Error when the version id would not match the version-key pattern
 */
function rebuiltVersionKey(rebuilt: {
  readonly contactId: string;
  readonly lastUpdateTimestamp: string | undefined;
  readonly contentHash: string;
}): string {
  const id = rebuiltVersionId(rebuilt);
  if (!VERSION_KEY.test(`${id.slice(REBUILT_ID_PREFIX.length)}.json`))
    throw new Error(`Version id ${JSON.stringify(id.slice(0, 60))} does not match the version-key pattern`);
  return `${rebuiltContactPrefix(rebuilt.contactId)}${id.slice(REBUILT_ID_PREFIX.length)}.json`;
}

/** Parses a key made by {@link rebuiltVersionKey}; `versionId` carries the `dl_` prefix. */
function parseRebuiltVersionKey(key: string): VersionKeyParts | undefined {
  if (!key.startsWith(ARCHIVE_PREFIXES.rebuiltDataLake)) return undefined;
  const parts = parseVersionKey(`${ARCHIVE_PREFIXES.versions}${key.slice(ARCHIVE_PREFIXES.rebuiltDataLake.length)}`);
  return parts ? { ...parts, versionId: `${REBUILT_ID_PREFIX}${parts.versionId}` } : undefined;
}

/** UTC day (`yyyy-MM-dd`) of an ISO timestamp. */
function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

/** Prefix of one day's partition of the initiation-time index. */
function initiationDayPrefix(day: string): string {
  return `${ARCHIVE_PREFIXES.byInitiation}${day}/`;
}

/** The CTR's Channel as an index key part (`VOICE`, `CHAT`, ...; `UNKNOWN` when absent or odd). */
function channelPart(channel: unknown): string {
  return typeof channel === 'string' && /^[A-Z]{1,16}$/.test(channel) ? channel : 'UNKNOWN';
}

/**
 * Index key placing a contact at its initiation time (or its LastUpdateTimestamp if it has none),
 * with its channel, so coverage reports can tell voice contacts apart without reading each CTR.
 */
function initiationIndexKey(ctr: Pick<ParsedCtr, 'contactId' | 'initiationTimestamp' | 'lastUpdateTimestamp' | 'ctr'>): string {
  const at = ctr.initiationTimestamp ?? ctr.lastUpdateTimestamp;
  if (!/^[0-9]{8}T[0-9]{9}Z$/.test(compactTimestamp(at))) throw new Error(`Timestamp ${JSON.stringify(at.slice(0, 40))} cannot go into an index key`);
  return `${initiationDayPrefix(utcDay(at))}${compactTimestamp(at)}_${channelPart(ctr.ctr.Channel)}_${validateContactId(ctr.contactId)}`;
}

/** What an index key says: the contact, its initiation time and its channel. */
interface IndexedContact {
  readonly contactId: string;
  readonly initiationTimestamp: string;
  readonly channel: string;
}

/** Parses an index key made by {@link initiationIndexKey}. */
function parseInitiationIndexKey(key: string): IndexedContact | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const m = /^([0-9]{8}T[0-9]{9}Z)_([A-Z]{1,16})_(.+)$/.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return { initiationTimestamp: expandTimestamp(m[1]), channel: m[2], contactId: m[3] };
}

/** Prefix of one day's quarantine partition. */
function quarantineDayPrefix(day: string): string {
  return `${ARCHIVE_PREFIXES.quarantine}${day}/`;
}

/** Key of a quarantined record: the day it arrived and the SHA-256 of its raw bytes. */
function quarantineKey(receivedAt: string, rawSha256: string): string {
  return `${quarantineDayPrefix(utcDay(receivedAt))}${rawSha256}.json`;
}

/**
 * Key of the ledger entry of one (VoiceCall, CTR version) pair.
 *
 * @throws InvalidIdentifierError when the Id is not a Salesforce Id or the version not a version id
 */
function ledgerKey(voiceCallId: string, version: string): string {
  validateSalesforceId(voiceCallId, { kind: 'VoiceCall Id' });
  if (!isVersionId(version)) throw new InvalidIdentifierError('CTR version', `Not a CTR version id: ${JSON.stringify(String(version).slice(0, 40))}`);
  return `${ARCHIVE_PREFIXES.ledger}${voiceCallId}/${version}.json`;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Key of a stored reconcile report: the UTC day the run started, then its run id.
 *
 * @throws InvalidIdentifierError when the run id is not a plain token
 */
function runReportKey(startedAt: string, runId: string): string {
  if (!RUN_ID.test(runId)) throw new InvalidIdentifierError('run id', `Not a run id: ${JSON.stringify(runId.slice(0, 40))}`);
  return `${ARCHIVE_PREFIXES.reports}${utcDay(startedAt)}/${runId}.json`;
}

/**
 * Key of one part of a stored report's records (NDJSON, one record a line), next to its summary:
 * `reports/<day>/<runId>/records-00001.ndjson`.
 *
 * @param part - 1, 2, ... (at most 99999)
 * @throws InvalidIdentifierError when the run id is not a plain token or the part is out of range
 */
function runReportPartKey(startedAt: string, runId: string, part: number): string {
  const summaryKey = runReportKey(startedAt, runId);
  if (!Number.isInteger(part) || part < 1 || part > 99_999) throw new InvalidIdentifierError('report part', `Not a report part number: ${part}`);
  return `${summaryKey.slice(0, -'.json'.length)}/records-${String(part).padStart(5, '0')}.ndjson`;
}

/**
 * Key of a stored completeness audit: the first UTC day it audited, then its run id. Under
 * `reports/` so the report lifecycle rule and the report write permission cover it.
 *
 * @throws InvalidIdentifierError when the run id is not a plain token
 */
function auditReportKey(auditedFrom: string, runId: string): string {
  if (!RUN_ID.test(runId)) throw new InvalidIdentifierError('run id', `Not a run id: ${JSON.stringify(runId.slice(0, 40))}`);
  return `${ARCHIVE_PREFIXES.reports}audit/${utcDay(auditedFrom)}/${runId}.json`;
}

const DAY = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/**
 * Key of the decision manifest of one reconcile mode and one UTC day of CallStartDateTime.
 *
 * @throws InvalidIdentifierError when the mode is not `missing` or `diff` or the day not `yyyy-MM-dd`
 */
function decisionManifestKey(mode: string, day: string): string {
  if (mode !== 'missing' && mode !== 'diff')
    throw new InvalidIdentifierError('reconcile mode', `Not a reconcile mode: ${JSON.stringify(String(mode).slice(0, 20))}`);
  if (!DAY.test(day)) throw new InvalidIdentifierError('day', `Not a yyyy-MM-dd day: ${JSON.stringify(String(day).slice(0, 20))}`);
  return `${ARCHIVE_PREFIXES.decisions}${mode}/${day}.json`;
}

/** Every UTC day that overlaps [from, to). */
const DAY_MS = 86_400_000;

function daysInWindow(from: Date, to: Date): string[] {
  const days: string[] = [];
  if (from.getTime() >= to.getTime()) return days;
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (cursor.getTime() < to.getTime()) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/**
 * The window [from, to) cut at multiples of `pieceMs` since the epoch (UTC midnights for a day,
 * whole UTC hours for an hour), the first and last piece trimmed to the window.
 */
function windowPieces(from: Date, to: Date, pieceMs: number): { readonly from: Date; readonly to: Date }[] {
  const pieces: { from: Date; to: Date }[] = [];
  for (let start = from.getTime(); start < to.getTime(); ) {
    const next = Math.min(to.getTime(), (Math.floor(start / pieceMs) + 1) * pieceMs);
    pieces.push({ from: new Date(start), to: new Date(next) });
    start = next;
  }
  return pieces;
}

/** The window [from, to) cut at UTC midnights: one piece per day partition. */
function dayPieces(from: Date, to: Date): { readonly from: Date; readonly to: Date }[] {
  return windowPieces(from, to, DAY_MS);
}

export {
  auditReportKey,
  compactTimestamp,
  dayPieces,
  isVersionId,
  ledgerKey,
  contactPrefix,
  daysInWindow,
  decisionManifestKey,
  expandTimestamp,
  initiationDayPrefix,
  initiationIndexKey,
  parseInitiationIndexKey,
  parseRebuiltVersionKey,
  parseVersionKey,
  quarantineDayPrefix,
  quarantineKey,
  rebuiltContactPrefix,
  rebuiltVersionId,
  rebuiltVersionKey,
  runReportKey,
  runReportPartKey,
  utcDay,
  versionId,
  versionKey,
  windowPieces,
};
export type { IndexedContact, VersionKeyParts };
