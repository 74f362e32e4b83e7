import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoverageDay } from '../../../src/coverage/CoverageReport.ts';
import { COVERAGE_LEGEND, formatCoverage, formatCoverageTable } from '../../../src/coverage/formatCoverageTable.ts';
import { coverageReport, sampleCoverageReport } from './sampleCoverageReport.ts';

function day(
  date: string,
  voiceCalls: number,
  withCtrData: number,
  fixableFromArchive = 0,
  excludedByScvRules = 0,
  orphanedCtrs = 0,
  quarantined = 0,
): CoverageDay {
  return {
    day: date,
    voiceCalls,
    withCtrData,
    missingCtrData: voiceCalls - withCtrData,
    fixableFromArchive,
    excludedByScvRules,
    orphanedCtrs,
    quarantined,
  };
}

/** The table's lines: header, rule, rows, rule, totals (between the title block and the legend). */
function tableLines(text: string): string[] {
  const lines = text.trimEnd().split('\n');
  return lines.slice(3, -1);
}

test('prints the window, the predicate, one aligned row per day, a totals row and the legend', () => {
  // Prepare
  const report = coverageReport([day('2026-11-01', 1300, 1200, 80, 15, 2), day('2026-11-02', 2001, 2000, 1, 0, 0, 1)]);

  // Act
  const text = formatCoverageTable(report);

  // Assess
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], 'Sync coverage of VoiceCalls started 2026-11-01T00:00:00.000Z → 2026-11-03T00:00:00.000Z');
  assert.equal(lines[1], 'Missing CTR data means: CustomerHoldDuration = null AND DisconnectReason = null');
  assert.equal(lines.at(-1), COVERAGE_LEGEND);
  const table = tableLines(text);
  assert.equal(table.length, 2 + 2 + 2, 'header, rule, 2 days, rule, totals');
  assert.match(table[0] ?? '', /^Day \(UTC\)\s+Voice calls\s+With CTR\s+Coverage\s+Missing\s+Fixable\s+Excluded\s+Orphaned\s+Quarantined$/);
  assert.equal(new Set(table.map((l) => l.length)).size, 1, 'every line has the same width');
  // 1,200 of 1,300 − 15 syncable calls; 3,200 of 3,301 − 15
  assert.deepEqual(table[2]?.split(/\s{2,}/), ['2026-11-01', '1,300', '1,200', '93.3%', '100', '80', '15', '2', '0']);
  assert.deepEqual(table[3]?.split(/\s{2,}/), ['2026-11-02', '2,001', '2,000', '99.9%', '1', '1', '0', '0', '1']);
  assert.deepEqual(table[5]?.split(/\s{2,}/), ['Total', '3,301', '3,200', '97.3%', '101', '81', '15', '2', '1']);
  assert.ok(text.endsWith('\n'));
});

test('right-aligns the figures under their headings', () => {
  const table = tableLines(formatCoverageTable(sampleCoverageReport(12)));
  const header = table[0] ?? '';
  const end = header.indexOf('Coverage') + 'Coverage'.length;
  for (const row of table.slice(2)) {
    if (row.startsWith('-')) continue;
    assert.match(row.slice(0, end), /\d%$/, `coverage column ends under its heading: ${row}`);
  }
});

test('never rounds up to 100% and shows n/a without voice calls', () => {
  assert.equal(formatCoverage(19_999, 20_000, 0), '99.9%');
  assert.equal(formatCoverage(20_000, 20_000, 0), '100.0%');
  assert.equal(formatCoverage(7, 10, 0), '70.0%');
  assert.equal(formatCoverage(0, 5, 0), '0.0%');
  assert.equal(formatCoverage(0, 0, 0), 'n/a');
  const table = tableLines(formatCoverageTable(coverageReport([day('2026-11-01', 0, 0, 0, 0, 3)])));
  assert.deepEqual(table[2]?.split(/\s{2,}/), ['2026-11-01', '0', '0', 'n/a', '0', '0', '0', '3', '0']);
});

test('measures coverage of the syncable calls: calls excluded by SCV rules do not count against it', () => {
  assert.equal(formatCoverage(90, 100, 10), '100.0%', 'every syncable call is synced');
  assert.equal(formatCoverage(89, 100, 10), '98.8%', '89 of 90, rounded down');
  assert.equal(formatCoverage(19_998, 20_000, 1), '99.9%', 'still never rounds up');
  assert.equal(formatCoverage(0, 5, 5), 'n/a', 'nothing SCV is supposed to sync');
  assert.equal(formatCoverage(0, 5, 9), 'n/a', 'more exclusions than calls (a hand-edited report)');
  const table = tableLines(formatCoverageTable(coverageReport([day('2026-11-01', 40, 36, 0, 4), day('2026-11-02', 4, 0, 0, 4)])));
  assert.deepEqual(table[2]?.split(/\s{2,}/), ['2026-11-01', '40', '36', '100.0%', '4', '0', '4', '0', '0']);
  assert.deepEqual(table[3]?.split(/\s{2,}/), ['2026-11-02', '4', '0', 'n/a', '4', '0', '4', '0', '0']);
  assert.deepEqual(table[5]?.split(/\s{2,}/), ['Total', '44', '36', '100.0%', '8', '0', '8', '0', '0']);
  assert.match(formatCoverageTable(coverageReport([])), /Coverage = with CTR \/ syncable calls \(voice calls − excluded\)/);
});

test('an empty window still prints the header, a placeholder row and zero totals', () => {
  const text = formatCoverageTable(coverageReport([]));
  const table = tableLines(text);
  assert.equal(table.length, 5);
  assert.equal(table[2], '(no days)');
  assert.deepEqual(table[4]?.split(/\s{2,}/), ['Total', '0', '0', 'n/a', '0', '0', '0', '0', '0']);
});

test('treats figures that are not counts as 0 and strips control characters', () => {
  // Prepare: a report read back from a hand-edited JSON file, written before excludedByScvRules existed
  const odd = {
    ...day('2026-11-01\u001b[31m', 10, 5),
    excludedByScvRules: undefined,
    orphanedCtrs: Number.NaN,
    quarantined: -2,
  } as unknown as CoverageDay;
  const report = coverageReport([odd], { predicate: 'A = null\nB = null', from: '\u0007x' });

  // Act
  const text = formatCoverageTable(report);

  // Assess
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses or strips
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f]/);
  assert.match(text, /Missing CTR data means: A = null\?B = null/);
  assert.deepEqual(tableLines(text)[2]?.split(/\s{2,}/), ['2026-11-01?[31m', '10', '5', '50.0%', '5', '0', '0', '0', '0']);
});
