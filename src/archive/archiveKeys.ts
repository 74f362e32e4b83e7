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
 * ```
 *
 * Version keys sort by LastUpdateTimestamp, then by content hash, so the newest version is the
 * greatest key and a later version can never overwrite an earlier one. Every key of the archive is
 * built here, from validated identifiers.
 */

const HASH_CHARS = 16;
const VERSION_KEY = /^([0-9]{8}T[0-9]{9}Z)_([0-9a-f]{16})\.json$/;
const VERSION_ID = /^[0-9]{8}T[0-9]{9}Z_[0-9a-f]{16}$/;

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

/** True for a version id made by {@link versionId} (`<yyyyMMddTHHmmssSSSZ>_<hash16>`). */
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
  compactTimestamp,
  dayPieces,
  isVersionId,
  ledgerKey,
  contactPrefix,
  daysInWindow,
  expandTimestamp,
  initiationDayPrefix,
  initiationIndexKey,
  parseInitiationIndexKey,
  parseVersionKey,
  quarantineDayPrefix,
  quarantineKey,
  runReportKey,
  utcDay,
  versionId,
  versionKey,
  windowPieces,
};
export type { IndexedContact, VersionKeyParts };
