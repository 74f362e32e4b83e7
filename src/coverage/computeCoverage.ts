import type { CtrArchive, TimeWindow } from '../archive/CtrArchive.ts';
import { daysInWindow } from '../archive/archiveKeys.ts';
import { isValidContactId } from '../ctr/validateContactId.ts';
import { scvExclusion } from '../transform/scvExclusion.ts';
import type { TransformOptions } from '../transform/TelephonyPatch.ts';
import type { VoiceCallReader } from '../ports/VoiceCallReader.ts';
import type { CoverageDay, CoverageReport } from './CoverageReport.ts';

type Counts = { -readonly [K in keyof Omit<CoverageDay, 'day'>]: number };

function zero(): Counts {
  return { voiceCalls: 0, withCtrData: 0, missingCtrData: 0, fixableFromArchive: 0, excludedByScvRules: 0, orphanedCtrs: 0, quarantined: 0 };
}

function dayOf(iso: string | null): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/**
 * Measures sync coverage per UTC day: VoiceCalls with and without CTR data, how many of the missing
 * ones the archive can fix and how many stay empty by design (their newest archived CTR is excluded
 * by SCV's rules, see `scvExclusion`), archived voice CTRs with no VoiceCall (orphans), and quarantined records.
 * Reads only: two streamed SOQL queries, the archive's index and quarantine partitions, and one
 * archive lookup per VoiceCall missing data. Holds the window's vendor keys in memory to find orphans.
 */
async function computeCoverage(
  deps: { readonly reader: VoiceCallReader; readonly archive: CtrArchive; readonly now?: () => Date },
  options: TimeWindow & { readonly predicateSoql: string; readonly transformOptions?: TransformOptions },
): Promise<CoverageReport> {
  const days = new Map(daysInWindow(options.from, options.to).map((d) => [d, zero()]));
  const bucket = (day: string | undefined): Counts | undefined => (day ? days.get(day) : undefined);
  const vendorKeys = new Set<string>();

  for await (const row of deps.reader.candidates({ from: options.from, to: options.to })) {
    const counts = bucket(dayOf(row.CallStartDateTime));
    if (!counts) continue;
    counts.voiceCalls += 1;
    if (row.VendorCallKey) vendorKeys.add(row.VendorCallKey);
  }
  for await (const row of deps.reader.candidates({ from: options.from, to: options.to, predicateSoql: options.predicateSoql })) {
    const counts = bucket(dayOf(row.CallStartDateTime));
    if (!counts) continue;
    counts.missingCtrData += 1;
    if (!isValidContactId(row.VendorCallKey)) continue;
    const latest = await deps.archive.latest(row.VendorCallKey);
    if (!latest) continue;
    if (scvExclusion(latest.ctr.ctr, options.transformOptions)) counts.excludedByScvRules += 1;
    else counts.fixableFromArchive += 1;
  }
  for await (const contact of deps.archive.contactsInWindow(options)) {
    if (contact.channel !== 'VOICE' || vendorKeys.has(contact.contactId)) continue;
    const counts = bucket(dayOf(contact.initiationTimestamp));
    if (counts) counts.orphanedCtrs += 1;
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
