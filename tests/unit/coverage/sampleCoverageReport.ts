import type { CoverageDay, CoverageReport } from '../../../src/coverage/CoverageReport.ts';

const DAY_MS = 86_400_000;

/** A report over the given days, with totals summed from them. */
function coverageReport(days: readonly CoverageDay[], overrides: Partial<CoverageReport> = {}): CoverageReport {
  const sum = (key: keyof Omit<CoverageDay, 'day'>) => days.reduce((n, d) => n + d[key], 0);
  return {
    from: `${days[0]?.day ?? '2026-11-01'}T00:00:00.000Z`,
    to: new Date((Date.parse(`${days.at(-1)?.day ?? ''}T00:00:00Z`) || Date.parse('2026-11-01T00:00:00Z')) + DAY_MS).toISOString(),
    generatedAt: '2026-12-01T08:30:00.000Z',
    predicate: 'CustomerHoldDuration = null AND DisconnectReason = null',
    days,
    totals: {
      voiceCalls: sum('voiceCalls'),
      withCtrData: sum('withCtrData'),
      missingCtrData: sum('missingCtrData'),
      fixableFromArchive: sum('fixableFromArchive'),
      excludedByScvRules: sum('excludedByScvRules'),
      orphanedCtrs: sum('orphanedCtrs'),
      quarantined: sum('quarantined'),
    },
    ...overrides,
  };
}

/**
 * A deterministic, realistic-looking report of `count` days from `start`: weekday/weekend traffic,
 * a few outage days where many calls lost their CTR data, a steady trickle of calls SCV's rules exclude
 * (voicemail, NoSync, queue transfers), some orphans and quarantined records.
 */
function sampleCoverageReport(count: number, start = '2026-11-01'): CoverageReport {
  const days: CoverageDay[] = [];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(Date.parse(`${start}T00:00:00Z`) + i * DAY_MS);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const voiceCalls = (weekend ? 180 : 520) + ((i * 37) % 11) * 12;
    const outage = i % 9 === 4;
    const lost = outage ? Math.round(voiceCalls * 0.45) : (i * 13) % 17;
    const fixableFromArchive = outage ? Math.round(lost * 0.8) : Math.floor(lost / 2);
    const excludedByScvRules = Math.round(voiceCalls * 0.03) + ((i * 5) % 4);
    const missingCtrData = lost + excludedByScvRules;
    days.push({
      day: date.toISOString().slice(0, 10),
      voiceCalls,
      withCtrData: voiceCalls - missingCtrData,
      missingCtrData,
      fixableFromArchive,
      excludedByScvRules,
      orphanedCtrs: outage ? 14 : (i * 7) % 5,
      quarantined: i % 6 === 2 ? 3 : 0,
    });
  }
  return coverageReport(days);
}

export { coverageReport, sampleCoverageReport };
