import assert from 'node:assert/strict';
import { test } from 'node:test';
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

const STACKED = new Set(['with', 'fixable', 'missing']);

function bars(html: string): Bar[] {
  const found = [...html.matchAll(/<rect class="bar bar-(\w+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#[0-9a-f]{6}" data-day="([^"]*)" data-series="\1" data-value="(\d+)"><title>[^<]+<\/title><\/rect>/g)];
  assert.equal(found.length, html.match(/class="bar /g)?.length ?? 0, 'every bar has the expected shape and a <title>');
  return found.map((m) => ({ series: m[1] ?? '', x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), height: Number(m[5]), day: m[6] ?? '', value: Number(m[7]) }));
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
  assert.match(html, /<svg id="coverage-chart"[^>]* role="img" aria-labelledby="coverage-chart-title coverage-chart-desc">\n<title id="coverage-chart-title">Sync coverage per day/);
  assert.match(html, /<desc id="coverage-chart-desc">14 days\. Coverage \d+\.\d%/);
  for (const label of ['With CTR data', 'Missing, fixable from archive', 'Missing, not fixable', 'Orphaned CTRs (no VoiceCall)', 'Quarantined records']) {
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
    Object.entries({ with: d.withCtrData, fixable: d.fixableFromArchive, missing: d.missingCtrData - d.fixableFromArchive, orphaned: d.orphanedCtrs, quarantined: d.quarantined })
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
  assert.match(html, /<td class="empty" colspan="8">No days in this window<\/td>/);
  assert.match(html, /<desc id="coverage-chart-desc">0 days\. Coverage n\/a/);
  assert.doesNotMatch(html, /NaN|Infinity|undefined/);
});

test('says so when days have no voice calls and no anomalies', () => {
  const html = renderCoverageHtml(coverageReport([{ day: '2026-11-01', voiceCalls: 0, withCtrData: 0, missingCtrData: 0, fixableFromArchive: 0, orphanedCtrs: 0, quarantined: 0 }]));
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
