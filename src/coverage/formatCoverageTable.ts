import type { CoverageDay, CoverageReport } from './CoverageReport.ts';

/** The figures of one row (a day or the totals). */
type CoverageCounts = Omit<CoverageDay, 'day'>;

/** Column headings after the day column, shared by the terminal table and the HTML page. */
const COVERAGE_HEADINGS: readonly string[] = ['Voice calls', 'With CTR', 'Coverage', 'Missing', 'Fixable', 'Excluded', 'Orphaned', 'Quarantined'];

/** What the columns mean, in one line (printed under the terminal table, shown under the HTML table). */
const COVERAGE_LEGEND =
  'Coverage = with CTR / syncable calls (voice calls − excluded); fixable = missing, syncable from the archive; ' +
  "excluded = missing by design, SCV's rules skip its CTR (NoSync, voicemail, initiation method, channel); orphaned = archived CTR with no VoiceCall";

const DAY_HEADING = 'Day (UTC)';
const TOTAL_LABEL = 'Total';
const NO_DAYS = '(no days)';
const GAP = '  ';

/**
 * A count as a finite, non-negative whole number (a report read from JSON may hold anything).
 *
 * @param value a figure from the report
 */
function asCount(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** `1234567` → `1,234,567` (fixed grouping, independent of the machine's locale). */
function formatCount(value: unknown): string {
  return String(asCount(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The VoiceCalls SCV is supposed to sync: all of them except those its rules exclude (never negative).
 *
 * @param voiceCalls all VoiceCalls
 * @param excludedByScvRules VoiceCalls missing CTR data by design
 */
function syncableCalls(voiceCalls: unknown, excludedByScvRules: unknown): number {
  return Math.max(0, asCount(voiceCalls) - asCount(excludedByScvRules));
}

/**
 * Coverage of the syncable calls, `withCtrData / (voiceCalls − excludedByScvRules)`, as a percentage
 * with one decimal, rounded down so that "100.0%" only ever means every call SCV is supposed to sync
 * holds CTR data; `n/a` when there were no syncable calls.
 *
 * @param withCtrData VoiceCalls holding CTR data
 * @param voiceCalls all VoiceCalls
 * @param excludedByScvRules VoiceCalls missing CTR data because SCV's rules exclude their CTR
 */
function formatCoverage(withCtrData: unknown, voiceCalls: unknown, excludedByScvRules: unknown): string {
  const total = syncableCalls(voiceCalls, excludedByScvRules);
  if (total === 0) return 'n/a';
  const permille = Math.floor((Math.min(asCount(withCtrData), total) * 1000) / total);
  return `${(permille / 10).toFixed(1)}%`;
}

/**
 * The formatted cells of one row, in the order of {@link COVERAGE_HEADINGS}.
 *
 * @param row a day's or the totals' figures
 */
function coverageCells(row: CoverageCounts): string[] {
  return [
    formatCount(row.voiceCalls),
    formatCount(row.withCtrData),
    formatCoverage(row.withCtrData, row.voiceCalls, row.excludedByScvRules),
    formatCount(row.missingCtrData),
    formatCount(row.fixableFromArchive),
    formatCount(row.excludedByScvRules),
    formatCount(row.orphanedCtrs),
    formatCount(row.quarantined),
  ];
}

/** Drops control characters (ANSI escapes, newlines) from text that ends up on a terminal. */
function printable(text: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses or strips
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/**
 * The sync-coverage report as plain text: a title line with the window, the predicate, an aligned
 * table (one row per day and a totals row) and a legend line. Pure: no I/O.
 *
 * @param report the computed coverage report
 * @returns the table, ending in a newline
 */
function formatCoverageTable(report: CoverageReport): string {
  const header = [DAY_HEADING, ...COVERAGE_HEADINGS];
  const body = report.days.length > 0 ? report.days.map((d) => [printable(d.day), ...coverageCells(d)]) : [[NO_DAYS]];
  const totals = [TOTAL_LABEL, ...coverageCells(report.totals)];
  const widths = header.map((h, i) => Math.max(h.length, ...[...body, totals].map((row) => (row.length > 1 ? (row[i] ?? '').length : 0))));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[i] ?? 0))).join(GAP);
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  const rows = body.map((row) => (row.length > 1 ? line(row) : (row[0] ?? '')));
  const title = `Sync coverage of VoiceCalls started ${printable(report.from)} → ${printable(report.to)}`;
  const predicate = `Missing CTR data means: ${printable(report.predicate)}`;
  return `${[title, predicate, '', line(header), rule, ...rows, rule, line(totals), COVERAGE_LEGEND].join('\n')}\n`;
}

export type { CoverageCounts };
export { COVERAGE_HEADINGS, COVERAGE_LEGEND, DAY_HEADING, asCount, coverageCells, formatCount, formatCoverage, formatCoverageTable, syncableCalls };
