import { at, esc, niceScale, pageHead } from '../html/svgChartParts.ts';
import type { AuditCounts, AuditDay, AuditReport } from './computeAudit.ts';

/** The three gaps the audit looks for, as charted: one bar each per day. */
const GAPS: readonly { readonly key: keyof AuditCounts; readonly label: string; readonly color: string }[] = [
  { key: 'captureGaps', label: 'Contacts missing from the archive (capture gaps)', color: '#cf222e' },
  { key: 'voiceContactsWithoutVoiceCall', label: 'Voice contacts with no VoiceCall', color: '#bf8700' },
  { key: 'voiceCallsWithoutContact', label: 'VoiceCalls with no Connect contact', color: '#8250df' },
];

const TABLE_COLUMNS: readonly [keyof AuditCounts, string][] = [
  ['connectContacts', 'Connect contacts'],
  ['archivedContacts', 'Archived'],
  ['captureGaps', 'Missing from archive'],
  ['archivedOnly', 'Archived only'],
  ['syncableVoiceContacts', 'Syncable voice'],
  ['voiceCalls', 'VoiceCalls'],
  ['voiceContactsWithoutVoiceCall', 'Voice, no VoiceCall'],
  ['voiceCallsWithoutContact', 'VoiceCall, no contact'],
  ['voiceCallsWithoutVendorKey', 'VoiceCall, no key'],
];

const WIDTH = 960;
const HEIGHT = 320;
const LEFT = 56;
const TOP = 56;
const BOTTOM = 280;
const PLOT_WIDTH = WIDTH - LEFT - 16;

/** Grouped bars per day: the three gaps, on one axis; hover a bar for its number. */
function renderChart(days: readonly AuditDay[]): string {
  if (days.length === 0) return `<svg class="audit-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="No days"></svg>`;
  const { top, ticks } = niceScale(Math.max(0, ...days.flatMap((d) => GAPS.map((g) => d[g.key]))));
  const y = (v: number) => BOTTOM - ((BOTTOM - TOP) * v) / top;
  const slot = PLOT_WIDTH / days.length;
  const bar = Math.min(16, (slot * 0.8) / GAPS.length);
  const grid = ticks
    .map(
      (t) =>
        `<line class="grid" x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${at(y(t))}" y2="${at(y(t))}"/><text x="${LEFT - 6}" y="${at(y(t) + 4)}" text-anchor="end">${t}</text>`,
    )
    .join('');
  const bars = days
    .map((d, i) => {
      const x0 = LEFT + i * slot + (slot - bar * GAPS.length) / 2;
      const rects = GAPS.map((g, k) => {
        const v = d[g.key];
        return `<rect x="${at(x0 + k * bar)}" y="${at(y(v))}" width="${at(bar - 1)}" height="${at(BOTTOM - y(v))}" fill="${g.color}"><title>${esc(d.day)}: ${v} ${esc(g.label.toLowerCase())}</title></rect>`;
      }).join('');
      const label =
        days.length <= 31 || i % Math.ceil(days.length / 31) === 0
          ? `<text x="${at(LEFT + (i + 0.5) * slot)}" y="${BOTTOM + 16}" text-anchor="middle">${esc(d.day.slice(5))}</text>`
          : '';
      return rects + label;
    })
    .join('');
  const legend = GAPS.map(
    (g, k) =>
      `<rect x="${LEFT + k * 300}" y="16" width="12" height="12" fill="${g.color}"/><text x="${LEFT + k * 300 + 18}" y="26">${esc(g.label)}</text>`,
  ).join('');
  return `<svg class="audit-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Audit gaps per day">${legend}${grid}<line class="axis" x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${BOTTOM}" y2="${BOTTOM}"/>${bars}</svg>`;
}

function renderTable(report: AuditReport): string {
  const row = (label: string, counts: AuditCounts, cell: 'td' | 'th') =>
    `<tr><th scope="row">${esc(label)}</th>${TABLE_COLUMNS.map(([k]) => `<${cell}>${counts[k]}</${cell}>`).join('')}</tr>`;
  return `<table><thead><tr><th>Day (UTC)</th>${TABLE_COLUMNS.map(([, h]) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${report.days.map((d) => row(d.day, d, 'td')).join('\n')}</tbody>
<tfoot>${row('Total', report.totals, 'td')}</tfoot></table>`;
}

const STYLE = `
body { margin: 0; background: #f6f7f9; color: #1f2328; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
.window, figcaption { color: #57606a; font-size: 13px; }
figure { margin: 16px 0 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 12px; }
.audit-chart { display: block; width: 100%; height: auto; }
.audit-chart text { font: 11px system-ui, sans-serif; fill: #3d444d; }
.audit-chart .grid { stroke: #e6e9ed; }
.audit-chart .axis { stroke: #8c959f; }
table { border-collapse: collapse; width: 100%; background: #fff; font-variant-numeric: tabular-nums; font-size: 14px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e9ed; text-align: right; white-space: nowrap; }
th[scope="row"], thead th:first-child { text-align: left; }
thead th { background: #eaeef2; white-space: normal; vertical-align: bottom; }
tfoot td, tfoot th { font-weight: 700; border-top: 2px solid #8c959f; }
`;

/**
 * The completeness audit as one self-contained HTML page (no script, nothing loaded): the window,
 * the totals in a sentence, a chart of the three gaps per day and the per-day table. Counts only:
 * no ContactId, VoiceCall Id or phone number is written. Every interpolated string is escaped. Pure.
 *
 * @param sourceLabel - Connect's side: `search-contacts` or `data-lake`
 */
function renderAuditHtml(report: AuditReport, sourceLabel: string): string {
  const t = report.totals;
  return `${pageHead(`Completeness audit ${report.from} → ${report.to}`, STYLE)}
<body>
<main>
<h1>Completeness audit</h1>
<p class="window">Contacts initiated <time>${esc(report.from)}</time> → <time>${esc(report.to)}</time> (UTC), Connect's side from ${esc(sourceLabel)}</p>
<p><strong>${t.captureGaps}</strong> of ${t.connectContacts} contacts Connect knows are missing from the archive; ${t.voiceContactsWithoutVoiceCall} of ${t.syncableVoiceContacts} syncable voice contacts have no VoiceCall; ${t.voiceCallsWithoutContact} of ${t.voiceCalls} VoiceCalls have no Connect contact.</p>
<figure>
${renderChart(report.days)}
<figcaption>Per UTC day. Contacts missing from the archive can be rebuilt from the data lake (<code>archive import-data-lake</code>); hover a bar for its number.</figcaption>
</figure>
<h2>Per day</h2>
${renderTable(report)}
</main>
</body>
</html>
`;
}

export { renderAuditHtml };
