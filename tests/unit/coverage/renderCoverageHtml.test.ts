import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoverageDay } from '../../../src/coverage/CoverageReport.ts';
import { renderCoverageHtml } from '../../../src/coverage/renderCoverageHtml.ts';
import { coverageReport, sampleCoverageReport } from './sampleCoverageReport.ts';

interface Bar {
  readonly series: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly day: string;
  readonly value: number;
}

const STACKED = new Set(['with', 'fixable', 'excluded', 'missing']);

function bars(html: string): Bar[] {
  const found = [
    ...html.matchAll(
      /<rect class="bar bar-(\w+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#[0-9a-f]{6}" data-day="([^"]*)" data-series="\1" data-value="(\d+)"><title>[^<]+<\/title><\/rect>/g,
    ),
  ];
  assert.equal(found.length, html.match(/class="bar /g)?.length ?? 0, 'every bar has the expected shape and a <title>');
  return found.map((m) => ({
    series: m[1] ?? '',
    x: Number(m[2]),
    y: Number(m[3]),
    width: Number(m[4]),
    height: Number(m[5]),
    day: m[6] ?? '',
    value: Number(m[7]),
  }));
}

function dayLabels(html: string): string[] {
  return [...html.matchAll(/<text class="day-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

test('is one self-contained document: no scripts and nothing fetched', () => {
  const html = renderCoverageHtml(sampleCoverageReport(14));
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|\bsrc=|\bhref=/i);
  assert.deepEqual(html.match(/https?:\/\/[^"\s]*/g), ['http://www.w3.org/2000/svg'], 'the only URL is the SVG namespace');
  assert.equal(html.match(/id="coverage-chart"/g)?.length, 1);
});

test('shows the title, the window, the predicate, an accessible chart and the table', () => {
  const report = sampleCoverageReport(14);
  const html = renderCoverageHtml(report);
  assert.match(html, /<title>CTR sync coverage 2026-11-01T00:00:00.000Z → 2026-11-15T00:00:00.000Z<\/title>/);
  assert.match(html, /<h1>CTR sync coverage<\/h1>/);
  assert.match(html, /<code>CustomerHoldDuration = null AND DisconnectReason = null<\/code>/);
  assert.match(
    html,
    /<svg id="coverage-chart"[^>]* role="img" aria-labelledby="coverage-chart-title coverage-chart-desc">\n<title id="coverage-chart-title">Sync coverage per day/,
  );
  assert.match(html, /<desc id="coverage-chart-desc">14 days\. Coverage \d+\.\d%/);
  for (const label of [
    'With CTR data',
    'Missing, fixable from archive',
    'Excluded by SCV rules (by design)',
    'Missing, not fixable',
    'Orphaned CTRs (no VoiceCall)',
    'Quarantined records',
  ]) {
    assert.ok(html.includes(`>${label}</text>`), `legend shows ${label}`);
  }
  assert.match(html, />Voice calls<\/text>/, 'y axis title');
  assert.equal(html.match(/<tbody>[\s\S]*<\/tbody>/)?.[0].match(/<tr>/g)?.length, 14, 'one table row per day');
  const totals = report.totals;
  assert.match(html, new RegExp(`<tfoot><tr><th scope="row">Total</th><td>${totals.voiceCalls.toLocaleString('en-US')}</td>`));
});

test('draws one bar per non-zero figure, stacked heights proportional to the data', () => {
  // Prepare
  const report = sampleCoverageReport(14);

  // Act
  const found = bars(renderCoverageHtml(report));

  // Assess
  const expected = report.days.flatMap((d) =>
    Object.entries({
      with: d.withCtrData,
      fixable: d.fixableFromArchive,
      excluded: d.excludedByScvRules,
      missing: d.missingCtrData - d.fixableFromArchive - d.excludedByScvRules,
      orphaned: d.orphanedCtrs,
      quarantined: d.quarantined,
    })
      .filter(([, v]) => v > 0)
      .map(([series, v]) => `${d.day} ${series} ${v}`),
  );
  assert.deepEqual(found.map((b) => `${b.day} ${b.series} ${b.value}`).sort(), expected.sort());
  for (const panel of [found.filter((b) => STACKED.has(b.series)), found.filter((b) => !STACKED.has(b.series))]) {
    const scale = (panel[0]?.height ?? 0) / (panel[0]?.value ?? 1);
    for (const b of panel) assert.ok(Math.abs(b.height - b.value * scale) < 0.02, `${b.day} ${b.series}: ${b.height} for ${b.value}`);
  }
  for (const d of report.days) {
    const stack = found.filter((b) => b.day === d.day && STACKED.has(b.series));
    const bottom = Math.max(...stack.map((b) => b.y + b.height));
    const top = Math.min(...stack.map((b) => b.y));
    const scale = (stack[0]?.height ?? 0) / (stack[0]?.value ?? 1);
    assert.ok(Math.abs(bottom - top - d.voiceCalls * scale) < 0.05, `${d.day}: the stack is as tall as its voice calls`);
    const upwards = [...stack].sort((a, b) => b.y - a.y).map((b) => b.series);
    assert.deepEqual(
      upwards,
      ['with', 'fixable', 'excluded', 'missing'].filter((k) => upwards.includes(k)),
      `${d.day}: stacked bottom up`,
    );
  }
});

test('escapes every interpolated string', () => {
  // Prepare
  const evil = `<script>alert("x")</script>&'`;
  const report = sampleCoverageReport(2);
  const days = report.days.map((d) => ({ ...d, day: `${d.day}${evil}` }));

  // Act
  const html = renderCoverageHtml({ ...report, days, from: evil, to: `</title>${evil}`, generatedAt: evil, predicate: `A = null AND "${evil}"` });

  // Assess
  assert.doesNotMatch(html, /<script|<\/title><script|alert\("x"\)/);
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;'));
  assert.ok(html.includes('data-day="2026-11-01&lt;script&gt;'), 'attribute values are escaped');
  assert.ok(html.includes('<th scope="row">2026-11-01&lt;script&gt;'), 'table cells are escaped');
  assert.equal(html.match(/<title>/g)?.length, 1 + bars(html).length, 'no extra <title> smuggled in');
});

test('renders an empty window with axes, a notice and an empty table row, and no bars', () => {
  const html = renderCoverageHtml(coverageReport([]));
  assert.equal(bars(html).length, 0);
  assert.deepEqual(dayLabels(html), []);
  assert.match(html, /<svg id="coverage-chart"/);
  assert.match(html, /<text class="notice"[^>]*>No days in this window<\/text>/);
  assert.match(html, /<td class="empty" colspan="9">No days in this window<\/td>/);
  assert.match(html, /<desc id="coverage-chart-desc">0 days\. Coverage n\/a/);
  assert.doesNotMatch(html, /NaN|Infinity|undefined/);
});

test('says so when days have no voice calls and no anomalies', () => {
  const html = renderCoverageHtml(
    coverageReport([
      {
        day: '2026-11-01',
        voiceCalls: 0,
        withCtrData: 0,
        missingCtrData: 0,
        fixableFromArchive: 0,
        excludedByScvRules: 0,
        orphanedCtrs: 0,
        quarantined: 0,
      },
    ]),
  );
  assert.equal(bars(html).length, 0);
  assert.match(html, />No voice calls in this window</);
  assert.match(html, />No orphaned CTRs or quarantined records</);
  assert.doesNotMatch(html, /NaN|Infinity|undefined/);
});

test('a single day gets one moderate bar and its full date', () => {
  const html = renderCoverageHtml(sampleCoverageReport(1));
  const stack = bars(html).filter((b) => STACKED.has(b.series));
  assert.ok(stack.length > 0);
  for (const b of stack) assert.equal(b.width, 48, 'capped, not stretched across the chart');
  assert.deepEqual(dayLabels(html), ['2026-11-01']);
  assert.match(html, /<text class="coverage-label"[^>]*>\d+%<\/text>/);
});

test('90 days get narrower bars that stay in order, and thinned-out labels', () => {
  const html = renderCoverageHtml(sampleCoverageReport(90, '2026-09-01'));
  const withBars = bars(html).filter((b) => b.series === 'with');
  assert.equal(withBars.length, 90);
  for (let i = 1; i < withBars.length; i += 1) {
    const previous = withBars[i - 1];
    assert.ok(previous && previous.x + previous.width < (withBars[i]?.x ?? 0), 'bars do not overlap');
  }
  assert.ok((withBars[0]?.width ?? 0) < 10 && (withBars[0]?.width ?? 0) > 3, `bar width ${withBars[0]?.width}`);
  assert.ok((withBars[0]?.x ?? 0) >= 64 && (withBars.at(-1)?.x ?? 0) + (withBars.at(-1)?.width ?? 0) <= 944, 'inside the plot area');
  const labels = dayLabels(html);
  assert.ok(labels.length >= 10 && labels.length <= 20, `${labels.length} labels`);
  assert.equal(labels[0], '09-01');
  assert.doesNotMatch(html, /class="coverage-label"/, 'no per-bar percentages when bars are this narrow');
});

test('counts calls excluded by SCV rules apart: a neutral grey segment, not against coverage', () => {
  // Prepare: 100 calls, 90 with CTR data, 10 missing: 3 fixable, 5 excluded by design, 2 not fixable
  const day = {
    day: '2026-11-01',
    voiceCalls: 100,
    withCtrData: 90,
    missingCtrData: 10,
    fixableFromArchive: 3,
    excludedByScvRules: 5,
    orphanedCtrs: 0,
    quarantined: 1,
  };

  // Act
  const html = renderCoverageHtml(coverageReport([day]));

  // Assess
  const found = bars(html);
  assert.deepEqual(found.map((b) => `${b.series} ${b.value}`).sort(), ['excluded 5', 'fixable 3', 'missing 2', 'quarantined 1', 'with 90']);
  const fill = (series: string) => html.match(new RegExp(`class="bar bar-${series}"[^>]* fill="(#[0-9a-f]{6})"`))?.[1];
  assert.equal(fill('excluded'), '#9aa5b1');
  assert.notEqual(fill('excluded'), fill('quarantined'), 'not the quarantined grey of the lower panel');
  assert.match(
    html,
    /<strong>94\.7%<\/strong> of 95 syncable voice calls hold CTR data\.\n5 are missing it, 3 of them fixable from the archive by a reconcile\.\n5 of 100 voice calls stay empty by design/,
  );
  assert.match(
    html,
    /<desc id="coverage-chart-desc">1 day\. Coverage 94\.7%: 90 of 95 syncable calls hold CTR data; 5 excluded by SCV rules by design; 3 missing and fixable from the archive; 2 missing, not fixable; 0 orphaned CTRs; 1 quarantined records\.<\/desc>/,
  );
  assert.match(html, /<text class="coverage-label"[^>]*>94%<\/text>/, '90 of 95, rounded down');
  assert.match(html, /<p class="explanation">Coverage = VoiceCalls with CTR data \/ syncable calls/);
  assert.match(
    html,
    /<tr><th scope="row">2026-11-01<\/th><td>100<\/td><td>90<\/td><td>94\.7%<\/td><td>10<\/td><td>3<\/td><td>5<\/td><td>0<\/td><td>1<\/td><\/tr>/,
  );
});

test('a day whose missing calls are all excluded reads 100%, one with only excluded calls n/a', () => {
  const report = coverageReport([
    {
      day: '2026-11-01',
      voiceCalls: 40,
      withCtrData: 36,
      missingCtrData: 4,
      fixableFromArchive: 0,
      excludedByScvRules: 4,
      orphanedCtrs: 0,
      quarantined: 0,
    },
    {
      day: '2026-11-02',
      voiceCalls: 3,
      withCtrData: 0,
      missingCtrData: 3,
      fixableFromArchive: 0,
      excludedByScvRules: 3,
      orphanedCtrs: 0,
      quarantined: 0,
    },
  ]);
  const html = renderCoverageHtml(report);
  assert.deepEqual(
    [...html.matchAll(/<text class="coverage-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]),
    ['100%', 'n/a'],
  );
  assert.equal(bars(html).filter((b) => b.series === 'missing').length, 0, 'nothing red');
  assert.match(html, /<strong>100\.0%<\/strong> of 36 syncable voice calls/);
});

test('a report saved before excludedByScvRules existed renders as before', () => {
  const { excludedByScvRules: _, ...old } = sampleCoverageReport(3).days[0] ?? assert.fail('a day');
  const html = renderCoverageHtml(coverageReport([old as CoverageDay]));
  assert.doesNotMatch(html, /NaN|Infinity|undefined/);
  assert.equal(bars(html).filter((b) => b.series === 'excluded').length, 0);
  assert.equal(bars(html).find((b) => b.series === 'missing')?.value, old.missingCtrData - old.fixableFromArchive);
});
