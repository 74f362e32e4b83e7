import type { CtrArchive, TimeWindow } from '../archive/CtrArchive.ts';
import { daysInWindow, type IndexedContact, windowPieces } from '../archive/archiveKeys.ts';
import { isValidContactId } from '../ctr/validateContactId.ts';
import { scvExclusion } from '../transform/scvExclusion.ts';
import type { TransformOptions } from '../transform/TelephonyPatch.ts';
import { VOICECALL_READ_BATCH, type VoiceCallReader } from '../ports/VoiceCallReader.ts';
import type { CoverageDay, CoverageReport } from './CoverageReport.ts';

/** VoiceCalls are matched to archived contacts one UTC hour at a time: memory is one hour's vendor keys. */
const PIECE_MS = 3_600_000;

type Counts = { -readonly [K in keyof Omit<CoverageDay, 'day'>]: number };

function zero(): Counts {
  return { voiceCalls: 0, withCtrData: 0, missingCtrData: 0, fixableFromArchive: 0, excludedByScvRules: 0, orphanedCtrs: 0, quarantined: 0 };
}

function dayOf(iso: string | null): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** Whether a VoiceCall row started inside the window (what the window-wide query would have returned). */
function startsIn(row: { readonly CallStartDateTime: string | null }, window: TimeWindow): boolean {
  const ms = Date.parse(row.CallStartDateTime ?? '');
  return ms >= window.from.getTime() && ms < window.to.getTime();
}

/**
 * Whether another version of the contact is indexed earlier in the window (at or after its start,
 * before `at`): then that earlier entry is the one the window's listing counts. Only a contact with
 * more than one version can be indexed twice, so this costs one listing, plus one read per version
 * when there are several; it is asked only for orphans, so nothing is held across pieces.
 */
async function indexedEarlierInWindow(archive: CtrArchive, contactId: string, at: string, window: TimeWindow): Promise<boolean> {
  const versions = await archive.versions(contactId);
  if (versions.length < 2) return false;
  const fromIso = window.from.toISOString();
  for (const version of versions) {
    const ctr = await archive.read(version);
    const indexedAt = ctr.initiationTimestamp ?? ctr.lastUpdateTimestamp;
    if (indexedAt >= fromIso && indexedAt < at) return true;
  }
  return false;
}

/**
 * Counts one piece's archived voice CTRs that no VoiceCall of the window has. Holds the piece's
 * vendor keys only; a contact whose VoiceCall started in another piece of the window (a call across
 * the hour) is looked up by VendorCallKey, {@link VOICECALL_READ_BATCH} keys a query. A contact
 * indexed twice (two versions with different initiation times) counts once, at its earliest entry
 * in the window, as the window-wide listing counted it.
 */
async function countOrphans(
  deps: { readonly reader: VoiceCallReader; readonly archive: CtrArchive },
  window: TimeWindow,
  piece: TimeWindow,
  pieceKeys: ReadonlySet<string>,
  bucket: (day: string | undefined) => Counts | undefined,
): Promise<void> {
  let unmatched: IndexedContact[] = [];
  const settle = async (): Promise<void> => {
    const ids = [...new Set(unmatched.map((c) => c.contactId))];
    const found = new Set((await deps.reader.byVendorCallKeys(ids)).filter((row) => startsIn(row, window)).map((row) => row.VendorCallKey));
    for (const contact of unmatched) {
      if (found.has(contact.contactId)) continue;
      if (await indexedEarlierInWindow(deps.archive, contact.contactId, contact.initiationTimestamp, window)) continue;
      const counts = bucket(dayOf(contact.initiationTimestamp));
      if (counts) counts.orphanedCtrs += 1;
    }
    unmatched = [];
  };
  for await (const contact of deps.archive.contactsInWindow(piece)) {
    if (contact.channel !== 'VOICE' || pieceKeys.has(contact.contactId)) continue;
    unmatched.push(contact);
    if (unmatched.length >= VOICECALL_READ_BATCH) await settle();
  }
  if (unmatched.length > 0) await settle();
}

/**
 * Measures sync coverage per UTC day: VoiceCalls with and without CTR data, how many of the missing
 * ones the archive can fix and how many stay empty by design (their newest archived CTR is excluded
 * by SCV's rules, see `scvExclusion`), archived voice CTRs with no VoiceCall (orphans), and quarantined records.
 * Reads only: streamed SOQL queries (every VoiceCall one UTC hour at a time, the missing ones over
 * the window), the archive's index and quarantine partitions, one archive lookup per VoiceCall
 * missing data, a VendorCallKey query per 200 voice CTRs with no VoiceCall in their hour, and one
 * version listing per orphan.
 * Memory: the vendor keys of one hour, never the window's.
 */
async function computeCoverage(
  deps: { readonly reader: VoiceCallReader; readonly archive: CtrArchive; readonly now?: () => Date },
  options: TimeWindow & { readonly predicateSoql: string; readonly transformOptions?: TransformOptions },
): Promise<CoverageReport> {
  const days = new Map(daysInWindow(options.from, options.to).map((d) => [d, zero()]));
  const bucket = (day: string | undefined): Counts | undefined => (day ? days.get(day) : undefined);
  const window: TimeWindow = { from: options.from, to: options.to };

  for await (const row of deps.reader.candidates({ ...window, predicateSoql: options.predicateSoql })) {
    const counts = bucket(dayOf(row.CallStartDateTime));
    if (!counts) continue;
    counts.missingCtrData += 1;
    if (!isValidContactId(row.VendorCallKey)) continue;
    const latest = await deps.archive.latest(row.VendorCallKey);
    if (!latest) continue;
    if (scvExclusion(latest.ctr.ctr, options.transformOptions)) counts.excludedByScvRules += 1;
    else counts.fixableFromArchive += 1;
  }
  for (const piece of windowPieces(options.from, options.to, PIECE_MS)) {
    const pieceKeys = new Set<string>();
    for await (const row of deps.reader.candidates(piece)) {
      const counts = bucket(dayOf(row.CallStartDateTime));
      if (counts) counts.voiceCalls += 1;
      if (row.VendorCallKey) pieceKeys.add(row.VendorCallKey);
    }
    await countOrphans(deps, window, piece, pieceKeys, bucket);
  }
  for await (const record of deps.archive.quarantinedInWindow(options)) {
    const counts = bucket(record.day);
    if (counts) counts.quarantined += 1;
  }

  const totals = zero();
  const dayRows: CoverageDay[] = [];
  for (const [day, counts] of days) {
    counts.withCtrData = Math.max(0, counts.voiceCalls - counts.missingCtrData);
    for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += counts[key];
    dayRows.push({ day, ...counts });
  }
  return {
    from: options.from.toISOString(),
    to: options.to.toISOString(),
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    predicate: options.predicateSoql,
    days: dayRows,
    totals,
  };
}

export { computeCoverage };
