import { at, esc, niceScale, pageHead } from '../html/svgChartParts.ts';
import type { CoverageDay, CoverageReport } from './CoverageReport.ts';
import {
  asCount,
  COVERAGE_HEADINGS,
  COVERAGE_LEGEND,
  type CoverageCounts,
  coverageCells,
  DAY_HEADING,
  formatCount,
  formatCoverage,
  syncableCalls,
} from './formatCoverageTable.ts';

// The page is one self-contained file: inline CSS and an inline SVG chart drawn here from the numbers
// (no chart library, no script, no fonts, images or styles fetched; the CSP forbids loading anything).

/** One bar series of the chart. */
interface Series {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly value: (row: CoverageCounts) => number;
}

/** The chart's `<svg>` id (tests and styles find it by it; bars carry `class="bar bar-<series>"`). */
const CHART_ID = 'coverage-chart';
/** SVG user units; the chart scales to the page width. */
const WIDTH = 960;
const HEIGHT = 452;
const LEFT = 64;
const RIGHT = 16;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const MAIN_TOP = 64;
/** Baselines of the legend's two rows: the stacked series, then the lower panel's. */
const LEGEND_ROWS = [24, 44];
const MAIN_BOTTOM = 300;
const SIDE_TOP = 344;
const SIDE_BOTTOM = 404;
const DAY_LABEL_Y = 422;
const MAX_BAR_WIDTH = 48;
const BAR_FILL = 0.72;
/** Horizontal room one `MM-dd` day label needs; closer labels are thinned out. */
const LABEL_SPACING = 44;
/** Room a full `yyyy-MM-dd` label needs. */
const FULL_DATE_SPACING = 80;
/** Room a coverage-% label above a bar needs. */
const PERCENT_SPACING = 30;

// The missing calls split three ways (clamped, so a hand-edited report still stacks to its missing count).
const fixable = (d: CoverageCounts) => Math.min(asCount(d.fixableFromArchive), asCount(d.missingCtrData));
const excluded = (d: CoverageCounts) => Math.min(asCount(d.excludedByScvRules), asCount(d.missingCtrData) - fixable(d));
const notFixable = (d: CoverageCounts) => asCount(d.missingCtrData) - fixable(d) - excluded(d);

/** Stacked bars, bottom up: together they make up the day's VoiceCalls. */
const STACK: readonly Series[] = [
  { key: 'with', label: 'With CTR data', color: '#2f6db5', value: (d) => asCount(d.withCtrData) },
  { key: 'fixable', label: 'Missing, fixable from archive', color: '#f2b134', value: fixable },
  { key: 'excluded', label: 'Excluded by SCV rules (by design)', color: '#9aa5b1', value: excluded },
  { key: 'missing', label: 'Missing, not fixable', color: '#b3261e', value: notFixable },
];

/** Side-by-side bars in the lower panel, on their own scale. */
const ANOMALIES: readonly Series[] = [
  { key: 'orphaned', label: 'Orphaned CTRs (no VoiceCall)', color: '#7b4fa0', value: (d) => asCount(d.orphanedCtrs) },
  { key: 'quarantined', label: 'Quarantined records', color: '#6b7280', value: (d) => asCount(d.quarantined) },
];

/** `12000` → `12k`, `1500000` → `1.5M`: short tick labels. */
function compact(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toFixed(1))}M`;
  if (value >= 1e4) return `${Number((value / 1e3).toFixed(1))}k`;
  return formatCount(value);
}

/** A series label inside a sentence: first letter lower-cased, acronyms (CTR, SCV) kept. */
function tipLabel(series: Series): string {
  return `${series.label.charAt(0).toLowerCase()}${series.label.slice(1)}`;
}

function rect(series: Series, day: CoverageDay, value: number, x: number, y: number, width: number, height: number, tip: string): string {
  return (
    `<rect class="bar bar-${series.key}" x="${at(x)}" y="${at(y)}" width="${at(width)}" height="${at(height)}" fill="${series.color}"` +
    ` data-day="${esc(day.day)}" data-series="${series.key}" data-value="${value}"><title>${esc(tip)}</title></rect>`
  );
}

function yAxis(ticks: readonly number[], top: number, y0: number, y1: number, labelAll: boolean): string {
  return ticks
    .map((v, i) => {
      const y = y1 - (v / top) * (y1 - y0);
      const label =
        labelAll || i === 0 || i === ticks.length - 1
          ? `<text class="tick-label" x="${LEFT - 8}" y="${at(y + 4)}" text-anchor="end">${esc(compact(v))}</text>`
          : '';
      return `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${at(y)}" y2="${at(y)}"/>${label}`;
    })
    .join('');
}

/** The legend: one row for the stacked series, one for the lower panel's. */
function legend(): string {
  return [STACK, ANOMALIES]
    .map((row, r) => {
      const y = LEGEND_ROWS[r] ?? 0;
      let x = LEFT;
      return row
        .map((s) => {
          const item = `<g class="legend-item legend-${s.key}"><rect x="${at(x)}" y="${y - 10}" width="12" height="12" fill="${s.color}"/><text x="${at(x + 16)}" y="${y}">${esc(s.label)}</text></g>`;
          x += 16 + s.label.length * 5.7 + 24;
          return item;
        })
        .join('');
    })
    .join('');
}

/** A whole-number coverage percentage of the syncable calls for a bar label, `n/a` when there are none. */
function barPercent(d: CoverageCounts): string {
  const syncable = syncableCalls(d.voiceCalls, d.excludedByScvRules);
  return syncable === 0 ? 'n/a' : `${Math.floor((Math.min(asCount(d.withCtrData), syncable) * 100) / syncable)}%`;
}

function dayLabel(day: string, slot: number): string {
  return slot < FULL_DATE_SPACING && /^\d{4}-\d\d-\d\d$/.test(day) ? day.slice(5) : day;
}

function notice(text: string, y: number): string {
  return `<text class="notice" x="${at(LEFT + PLOT_WIDTH / 2)}" y="${y}" text-anchor="middle">${esc(text)}</text>`;
}

/** The chart: stacked coverage bars per day, a lower panel for orphans and quarantined records, axes and legend. */
function renderChart(report: CoverageReport): string {
  const days = report.days;
  const slot = PLOT_WIDTH / Math.max(days.length, 1);
  const barWidth = Math.min(MAX_BAR_WIDTH, slot * BAR_FILL);
  const main = niceScale(Math.max(0, ...days.map((d) => STACK.reduce((sum, s) => sum + s.value(d), 0))));
  const side = niceScale(Math.max(0, ...days.flatMap((d) => ANOMALIES.map((s) => s.value(d)))));
  const labelStep = Math.ceil(days.length / Math.max(1, Math.floor(PLOT_WIDTH / LABEL_SPACING)));
  const parts: string[] = [];
  days.forEach((d, i) => {
    const center = LEFT + slot * (i + 0.5);
    const calls = asCount(d.voiceCalls);
    let y = MAIN_BOTTOM;
    for (const s of STACK) {
      const v = s.value(d);
      if (v <= 0) continue;
      const h = (v / main.top) * (MAIN_BOTTOM - MAIN_TOP);
      y -= h;
      const share = s.key === 'with' ? `, coverage ${formatCoverage(d.withCtrData, d.voiceCalls, d.excludedByScvRules)} of syncable calls` : '';
      parts.push(
        rect(
          s,
          d,
          v,
          center - barWidth / 2,
          y,
          barWidth,
          h,
          `${d.day}: ${tipLabel(s)} ${formatCount(v)} of ${formatCount(calls)} voice calls${share}`,
        ),
      );
    }
    if (calls > 0 && slot >= PERCENT_SPACING) {
      parts.push(`<text class="coverage-label" x="${at(center)}" y="${at(y - 4)}" text-anchor="middle">${barPercent(d)}</text>`);
    }
    ANOMALIES.forEach((s, k) => {
      const v = s.value(d);
      if (v <= 0) return;
      const h = (v / side.top) * (SIDE_BOTTOM - SIDE_TOP);
      parts.push(
        rect(s, d, v, center - barWidth / 2 + (k * barWidth) / 2, SIDE_BOTTOM - h, barWidth / 2, h, `${d.day}: ${tipLabel(s)} ${formatCount(v)}`),
      );
    });
    if (i % labelStep === 0) {
      parts.push(`<text class="day-label" x="${at(center)}" y="${DAY_LABEL_Y}" text-anchor="middle">${esc(dayLabel(d.day, slot))}</text>`);
    }
  });
  if (days.length === 0) parts.push(notice('No days in this window', (MAIN_TOP + MAIN_BOTTOM) / 2));
  else if (!days.some((d) => STACK.some((s) => s.value(d) > 0))) parts.push(notice('No voice calls in this window', (MAIN_TOP + MAIN_BOTTOM) / 2));
  if (days.length > 0 && !days.some((d) => ANOMALIES.some((s) => s.value(d) > 0)))
    parts.push(notice('No orphaned CTRs or quarantined records', (SIDE_TOP + SIDE_BOTTOM) / 2 + 4));
  const t = report.totals;
  const summary =
    `${days.length} day${days.length === 1 ? '' : 's'}. Coverage ${formatCoverage(t.withCtrData, t.voiceCalls, t.excludedByScvRules)}: ` +
    `${formatCount(t.withCtrData)} of ${formatCount(syncableCalls(t.voiceCalls, t.excludedByScvRules))} syncable calls hold CTR data; ` +
    `${formatCount(excluded(t))} excluded by SCV rules by design; ${formatCount(fixable(t))} missing and fixable from the archive; ${formatCount(notFixable(t))} missing, not fixable; ` +
    `${formatCount(t.orphanedCtrs)} orphaned CTRs; ${formatCount(t.quarantined)} quarantined records.`;
  return [
    `<svg id="${CHART_ID}" class="coverage-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${CHART_ID}-title ${CHART_ID}-desc">`,
    `<title id="${CHART_ID}-title">Sync coverage per day, VoiceCalls started ${esc(report.from)} to ${esc(report.to)}</title>`,
    `<desc id="${CHART_ID}-desc">${esc(summary)}</desc>`,
    legend(),
    `<text class="axis-title" transform="translate(16 ${at((MAIN_TOP + MAIN_BOTTOM) / 2)}) rotate(-90)" text-anchor="middle">Voice calls</text>`,
    `<text class="panel-title" x="${LEFT}" y="${SIDE_TOP - 12}">Orphaned CTRs and quarantined records (own scale)</text>`,
    yAxis(main.ticks, main.top, MAIN_TOP, MAIN_BOTTOM, true),
    yAxis(side.ticks, side.top, SIDE_TOP, SIDE_BOTTOM, false),
    `<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${MAIN_BOTTOM}" y2="${MAIN_BOTTOM}"/>`,
    `<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${SIDE_BOTTOM}" y2="${SIDE_BOTTOM}"/>`,
    ...parts,
    `<text class="axis-title" x="${at(LEFT + PLOT_WIDTH / 2)}" y="${HEIGHT - 8}" text-anchor="middle">Day (UTC), by call start</text>`,
    '</svg>',
  ].join('\n');
}

/** The per-day table, the same columns as the terminal table. */
function renderTable(report: CoverageReport): string {
  const cells = (values: readonly string[]) => values.map((v) => `<td>${esc(v)}</td>`).join('');
  const head = [DAY_HEADING, ...COVERAGE_HEADINGS].map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body =
    report.days.length > 0
      ? report.days.map((d) => `<tr><th scope="row">${esc(d.day)}</th>${cells(coverageCells(d))}</tr>`).join('\n')
      : `<tr><td class="empty" colspan="${COVERAGE_HEADINGS.length + 1}">No days in this window</td></tr>`;
  return [
    '<table class="coverage-table">',
    '<caption>Sync coverage per day</caption>',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    `<tfoot><tr><th scope="row">Total</th>${cells(coverageCells(report.totals))}</tr></tfoot>`,
    '</table>',
    `<p class="legend">${esc(COVERAGE_LEGEND)}</p>`,
  ].join('\n');
}

const STYLE = `
body { margin: 0; background: #f6f7f9; color: #1f2328; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
p { margin: 6px 0; }
.window, .legend, .explanation, figcaption { color: #57606a; font-size: 13px; }
.summary strong { font-size: 18px; }
code { background: #eaeef2; padding: 1px 5px; border-radius: 4px; font-size: 13px; overflow-wrap: anywhere; }
figure { margin: 16px 0 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 12px; }
.coverage-chart { display: block; width: 100%; height: auto; }
.coverage-chart text { font: 11px system-ui, sans-serif; fill: #3d444d; }
.coverage-chart .axis-title, .coverage-chart .panel-title { font-size: 12px; fill: #57606a; }
.coverage-chart .coverage-label { font-size: 10px; }
.coverage-chart .notice { font-size: 14px; fill: #8c959f; }
.coverage-chart .grid { stroke: #e6e9ed; }
.coverage-chart .axis { stroke: #8c959f; }
table { border-collapse: collapse; width: 100%; background: #fff; font-variant-numeric: tabular-nums; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e9ed; text-align: right; white-space: nowrap; }
th[scope="row"], thead th:first-child { text-align: left; }
thead th { background: #eaeef2; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid #8c959f; }
td.empty { text-align: center; color: #8c959f; }
`;

/**
 * The sync-coverage report as one self-contained HTML page: the window, a summary, a chart of
 * coverage per day and the per-day table. Every interpolated string is HTML-escaped. Pure: no I/O.
 *
 * @param report the computed coverage report
 * @returns the HTML document
 */
function renderCoverageHtml(report: CoverageReport): string {
  const t = report.totals;
  return `${pageHead(`CTR sync coverage ${report.from} → ${report.to}`, STYLE)}
<body>
<main>
<h1>CTR sync coverage</h1>
<p class="window">VoiceCalls started <time>${esc(report.from)}</time> → <time>${esc(report.to)}</time> (UTC) · generated <time>${esc(report.generatedAt)}</time></p>
<p class="summary"><strong>${esc(formatCoverage(t.withCtrData, t.voiceCalls, t.excludedByScvRules))}</strong> of ${esc(formatCount(syncableCalls(t.voiceCalls, t.excludedByScvRules)))} syncable voice calls hold CTR data.
${esc(formatCount(fixable(t) + notFixable(t)))} are missing it, ${esc(formatCount(fixable(t)))} of them fixable from the archive by a reconcile.
${esc(formatCount(excluded(t)))} of ${esc(formatCount(t.voiceCalls))} voice calls stay empty by design: SCV's rules exclude their CTR (NoSync attribute, voicemail, unsupported initiation method, non-voice channel).
${esc(formatCount(t.orphanedCtrs))} archived voice CTRs have no VoiceCall; ${esc(formatCount(t.quarantined))} records were quarantined.</p>
<p class="explanation">Coverage = VoiceCalls with CTR data / syncable calls, the calls SCV is supposed to sync (voice calls − those excluded by SCV's rules); <code>n/a</code> when there are none. Rounded down.</p>
<p class="predicate">“Missing CTR data” means: <code>${esc(report.predicate)}</code></p>
<figure>
${renderChart(report)}
<figcaption>Bars stack each day's VoiceCalls by CTR data (the percentage above a bar is its coverage of syncable calls); the lower panel counts archive records with no VoiceCall and quarantined input. Hover a bar for its numbers.</figcaption>
</figure>
<h2>Per day</h2>
${renderTable(report)}
</main>
</body>
</html>
`;
}

export { CHART_ID, renderCoverageHtml };
