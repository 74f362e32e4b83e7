// Renders the coverage HTML page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core over the DevTools protocol) and checks the chart is really drawn: bars with a
// rendered size proportional to the data, thinned day labels that do not overlap, no console errors
// and no network requests. Screenshots go to test-artifacts/ (gitignored) for a human to look at.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { CoverageReport } from '../../src/coverage/CoverageReport.ts';
import { renderCoverageHtml } from '../../src/coverage/renderCoverageHtml.ts';
import { coverageReport, sampleCoverageReport } from '../unit/coverage/sampleCoverageReport.ts';

const CHROMIUM = '/usr/bin/chromium';
const MISSING = `Chromium is not installed at ${CHROMIUM}: run scripts/install-chromium.sh (installs Debian's chromium package).`;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
/** Rendered sizes are fractional after scaling the SVG; allow sub-pixel rounding. */
const PX_TOLERANCE = 0.75;
/** The stacked series, bottom up. */
const STACKED = ['with', 'fixable', 'excluded', 'missing'];

interface Box {
  readonly series: string;
  readonly day: string;
  readonly value: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Loaded {
  readonly page: Page;
  readonly problems: string[];
  readonly requests: string[];
}

const hasChromium = existsSync(CHROMIUM);
/** Without Chromium: skip locally, but fail on CI (where scripts/install-chromium.sh should have run). */
const skip = !hasChromium && !process.env.CI ? MISSING : false;
let context: BrowserContext | undefined;
let userDataDir: string | undefined;

/** Writes the page to test-artifacts/<name>.html and opens it, recording console errors and requests. */
async function open(report: CoverageReport, name: string): Promise<Loaded> {
  assert.ok(context, MISSING);
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, renderCoverageHtml(report));
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

/** getBoundingClientRect of every `.bar`, measured in the page through a DevTools protocol session. */
async function barBoxes(page: Page): Promise<Box[]> {
  assert.ok(context);
  const cdp = await context.newCDPSession(page);
  const expression = `JSON.stringify([...document.querySelectorAll('#coverage-chart .bar')].map((el) => {
    const r = el.getBoundingClientRect();
    return { series: el.dataset.series, day: el.dataset.day, value: Number(el.dataset.value), x: r.x, y: r.y, width: r.width, height: r.height };
  }))`;
  const result = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: string } };
  await cdp.detach();
  return JSON.parse(result.result.value) as Box[];
}

/** Asserts heights are one scale factor times the values (per panel), and returns that factor. */
function assertProportional(boxes: readonly Box[], label: string): number {
  const biggest = boxes.reduce((a, b) => (b.value > a.value ? b : a));
  const pxPerUnit = biggest.height / biggest.value;
  for (const b of boxes) {
    assert.ok(
      Math.abs(b.height - b.value * pxPerUnit) <= PX_TOLERANCE,
      `${label} ${b.series} bar of ${b.day}: ${b.height}px for ${b.value}, expected ${b.value * pxPerUnit}px`,
    );
  }
  return pxPerUnit;
}

describe('coverage report page in headless Chromium', () => {
  before(async () => {
    if (!hasChromium) return; // each test fails or is skipped with MISSING
    mkdirSync(ARTIFACTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'ctr-resync-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1100, height: 900 },
      // Chromium's launch took more than 15 s once in CI on the 2-core machine (then 0.5 s on every rerun).
      timeout: 60_000,
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('draws stacked bars proportional to the data, with no console errors and no network', { skip }, async () => {
    // Prepare
    const report = sampleCoverageReport(21);

    // Act
    const { page, problems, requests } = await open(report, 'coverage-report');
    const boxes = await barBoxes(page);
    await page.screenshot({ path: join(ARTIFACTS, 'coverage-report.png'), fullPage: true });

    // Assess
    const expected = report.days.flatMap((d) =>
      [
        ['with', d.withCtrData],
        ['fixable', d.fixableFromArchive],
        ['excluded', d.excludedByScvRules],
        ['missing', d.missingCtrData - d.fixableFromArchive - d.excludedByScvRules],
        ['orphaned', d.orphanedCtrs],
        ['quarantined', d.quarantined],
      ]
        .filter(([, v]) => Number(v) > 0)
        .map(([series, value]) => `${d.day} ${series} ${value}`),
    );
    assert.deepEqual(boxes.map((b) => `${b.day} ${b.series} ${b.value}`).sort(), expected.sort(), 'one bar per non-zero figure');
    for (const b of boxes) assert.ok(b.width > 1 && b.height > 0, `${b.series} bar of ${b.day} is drawn (${b.width}×${b.height})`);
    const stacked = boxes.filter((b) => STACKED.includes(b.series));
    const pxPerCall = assertProportional(stacked, 'stacked');
    assertProportional(
      boxes.filter((b) => ['orphaned', 'quarantined'].includes(b.series)),
      'anomaly',
    );
    for (const d of report.days) {
      const stack = stacked.filter((b) => b.day === d.day).sort((a, b) => b.y - a.y);
      const height = stack.reduce((sum, b) => sum + b.height, 0);
      assert.ok(Math.abs(height - d.voiceCalls * pxPerCall) <= 2 * PX_TOLERANCE, `${d.day}: the stack is the day's ${d.voiceCalls} voice calls tall`);
      assert.deepEqual(
        stack.map((b) => b.series),
        STACKED.filter((s) => stack.some((b) => b.series === s)),
        `${d.day}: with CTR data at the bottom, not fixable on top`,
      );
      for (let i = 1; i < stack.length; i += 1)
        assert.ok(Math.abs((stack[i - 1]?.y ?? 0) - ((stack[i]?.y ?? 0) + (stack[i]?.height ?? 0))) <= PX_TOLERANCE, `${d.day}: segments touch`);
    }
    const fills = await page.$$eval('#coverage-chart .bar', (els) =>
      Object.fromEntries(els.map((el) => [el.getAttribute('data-series'), el.ownerDocument.defaultView?.getComputedStyle(el).fill])),
    );
    assert.equal(new Set(Object.values(fills)).size, Object.keys(fills).length, `every series has its own colour: ${JSON.stringify(fills)}`);
    const chart = await page.locator('#coverage-chart').boundingBox();
    const legend = await page.$$eval('#coverage-chart .legend-item', (els) =>
      els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })),
    );
    const labels = await page.$$eval('#coverage-chart .coverage-label', (els) =>
      els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })),
    );
    assert.ok(chart && legend.length === 6);
    for (const item of legend) assert.ok(item.left >= chart.x && item.right <= chart.x + chart.width, 'legend items stay inside the chart');
    const overlap = (a: (typeof legend)[number], b: (typeof legend)[number]) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const [i, a] of legend.entries())
      for (const b of [...legend.slice(i + 1), ...labels]) assert.ok(!overlap(a, b), `legend item ${i} overlaps nothing`);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
  });

  test('thins out day labels over 90 days so that none overlap', { skip }, async () => {
    const report = sampleCoverageReport(90, '2026-09-01');
    const { page, problems, requests } = await open(report, 'coverage-report-90-days');
    await page.locator('figure').screenshot({ path: join(ARTIFACTS, 'coverage-report-90-days.png') });

    const boxes = await barBoxes(page);
    const labels = await page.$$eval('#coverage-chart .day-label', (els) =>
      els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, width: r.width })),
    );
    const withBars = boxes.filter((b) => b.series === 'with').sort((a, b) => a.x - b.x);
    assert.equal(withBars.length, 90);
    for (const b of boxes) assert.ok(b.width > 1 && b.height > 0, `${b.series} bar of ${b.day} is drawn`);
    for (let i = 1; i < withBars.length; i += 1)
      assert.ok((withBars[i - 1]?.x ?? 0) + (withBars[i - 1]?.width ?? 0) < (withBars[i]?.x ?? 0), 'bars do not overlap');
    assertProportional(
      boxes.filter((b) => STACKED.includes(b.series)),
      'stacked',
    );
    assert.ok(labels.length >= 10 && labels.length < 30, `${labels.length} day labels`);
    for (const l of labels) assert.ok(l.width > 0, 'labels are rendered');
    for (let i = 1; i < labels.length; i += 1)
      assert.ok((labels[i - 1]?.right ?? 0) + 2 <= (labels[i]?.left ?? 0), `day labels ${i - 1} and ${i} do not overlap`);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
  });

  test('renders an empty window and a single day without errors', { skip }, async () => {
    const empty = await open(coverageReport([]), 'coverage-report-empty');
    await empty.page.locator('figure').screenshot({ path: join(ARTIFACTS, 'coverage-report-empty.png') });
    assert.equal(await empty.page.locator('#coverage-chart').isVisible(), true);
    assert.equal(await empty.page.locator('#coverage-chart .bar').count(), 0);
    assert.equal(await empty.page.locator('#coverage-chart .notice').first().textContent(), 'No days in this window');

    const single = await open(sampleCoverageReport(1), 'coverage-report-1-day');
    await single.page.locator('figure').screenshot({ path: join(ARTIFACTS, 'coverage-report-1-day.png') });
    const boxes = await barBoxes(single.page);
    const chart = await single.page.locator('#coverage-chart').boundingBox();
    assert.ok(chart && boxes.length > 0);
    for (const b of boxes)
      assert.ok(b.width > 1 && b.width < chart.width / 10 && b.height > 0, `a lone ${b.series} bar is drawn and not stretched (${b.width}px)`);
    assert.deepEqual([...empty.problems, ...single.problems], []);
    assert.deepEqual([...empty.requests, ...single.requests], []);
  });
});
