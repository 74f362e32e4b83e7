import type { GuideRetryResult } from './baselines/guideRetryCtrSync.ts';
import type { ApiCalls, CallClasses, OrgState, PatchBreakdown } from './measureOrg.ts';
import type { RunOneResult } from './runOne.ts';

/** One scheduled run of one approach, measured. */
interface RunMeasure {
  readonly run: number;
  readonly child: RunOneResult;
  readonly api: ApiCalls;
  readonly patches: PatchBreakdown;
  /** The org after the run (cumulative), once every accepted PATCH was applied. */
  readonly state: OrgState;
}

/** All runs of one approach against its own simulator. */
interface ApproachMeasure {
  readonly approach: string;
  readonly label: string;
  readonly classes: Pick<CallClasses, 'missing' | 'fixableByRules'> & {
    readonly voiceCalls: number;
    readonly fixable: number;
    readonly excluded: number;
    readonly live: number;
  };
  readonly runs: readonly RunMeasure[];
}

/** Totals over the runs of one approach. */
interface ApproachTotals {
  readonly fixable: number;
  readonly filled: number;
  readonly exact: number;
  readonly unfixed: number;
  readonly patchesSent: number;
  readonly useful: number;
  readonly wasted: number;
  readonly refused: number;
  readonly toExcluded: number;
  readonly toLive: number;
  readonly repeats: number;
  readonly toAlreadySynced: number;
  readonly excludedWritten: number;
  readonly duplicates: number;
  readonly rest: number;
  readonly oauth: number;
  readonly archiveReads: number;
  readonly ledgerRequests: number;
  readonly wallMs: number;
  readonly peakRssKiB: number;
}

/**
 * Archive requests a run would make on S3: reconcile's GETs and LISTs (it lists a contact's versions,
 * then reads the newest); the guide's GetObjects (its bucket is keyed by ContactId, so one request
 * each, although the bench serves them from this repo's archive with a LIST and a GET).
 */
function archiveReadsOf(r: RunMeasure): number {
  if (r.child.approach === 'reconcile') return r.child.archiveOps.get + r.child.archiveOps.list;
  return (r.child.detail as GuideRetryResult | null)?.getObjectCalls ?? 0;
}

const sum = (runs: readonly RunMeasure[], pick: (r: RunMeasure) => number): number => runs.reduce((s, r) => s + pick(r), 0);

function totalsOf(m: ApproachMeasure): ApproachTotals {
  const last = m.runs.at(-1)?.state ?? { filled: 0, exact: 0, excludedWritten: 0, liveWritten: 0, duplicates: 0, inexactByField: {} };
  const patchesSent = sum(m.runs, (r) => r.patches.sent);
  const useful = sum(m.runs, (r) => r.patches.useful);
  return {
    fixable: m.classes.fixable,
    filled: last.filled,
    exact: last.exact,
    unfixed: m.classes.fixable - last.filled,
    patchesSent,
    useful,
    wasted: patchesSent - useful,
    refused: sum(m.runs, (r) => r.patches.refused),
    toExcluded: sum(m.runs, (r) => r.patches.excluded),
    toLive: sum(m.runs, (r) => r.patches.live),
    repeats: sum(m.runs, (r) => r.patches.repeat),
    toAlreadySynced: sum(m.runs, (r) => r.patches.alreadySynced + r.patches.created),
    excludedWritten: last.excludedWritten,
    duplicates: last.duplicates,
    rest: sum(m.runs, (r) => r.api.rest),
    oauth: sum(m.runs, (r) => r.api.oauth),
    archiveReads: sum(m.runs, archiveReadsOf),
    ledgerRequests: sum(m.runs, (r) => Object.values(r.child.ledgerOps ?? {}).reduce((a, b) => a + b, 0)),
    wallMs: sum(m.runs, (r) => r.child.wallMs),
    peakRssKiB: Math.max(0, ...m.runs.map((r) => r.child.maxRssKiB)),
  };
}

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number, of: number): string => (of === 0 ? 'n/a' : `${((100 * x) / of).toFixed(1)}%`);
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function ratio(ours: number, theirs: number): string {
  if (theirs === 0) return ours === 0 ? '=' : 'n/a (baseline 0)';
  return `×${(ours / theirs).toFixed(ours / theirs < 0.1 ? 3 : 2)}`;
}

/**
 * The summary table (Markdown): one row per metric, one column per approach, then ours / baseline
 * ratios for each baseline.
 *
 * @param measures - reconcile first, then the baselines
 * @param minimumRest - REST calls needed to read every candidate once per run
 */
function formatSummaryTable(measures: readonly ApproachMeasure[], minimumRest: number, noopRssKiB: number): string {
  const [ours, ...baselines] = measures.map((m) => ({ m, t: totalsOf(m) }));
  if (ours === undefined) return '';
  const fixable = ours.t.fixable;
  const rows: [string, string, (t: ApproachTotals) => number, (x: number) => string][] = [
    ['fixable calls filled (CustomerHoldDuration set)', `${n(fixable)} (100%)`, (t) => t.filled, (x) => `${n(x)} (${pct(x, fixable)})`],
    ['fixable calls exactly as SCV would have synced them', `${n(fixable)} (100%)`, (t) => t.exact, (x) => `${n(x)} (${pct(x, fixable)})`],
    ['fixable calls left unfixed', '0', (t) => t.unfixed, n],
    [
      'PATCH requests sent',
      `${n(fixable)} (minimum)`,
      (t) => t.patchesSent,
      (x) => (fixable === 0 ? n(x) : `${n(x)} (${(x / fixable).toFixed(2)}× the minimum)`),
    ],
    ['  useful (first accepted PATCH to a fixable call)', n(fixable), (t) => t.useful, n],
    ['  wasted, total', '0', (t) => t.wasted, n],
    ['  wasted: refused (HTTP 429 SCV_LIMITS_ERROR etc.)', '0', (t) => t.refused, n],
    ['  wasted: to calls SCV rules exclude', '0', (t) => t.toExcluded, n],
    ['  wasted: to live calls', '0', (t) => t.toLive, n],
    ['  wasted: repeats to already-fixed calls', '0', (t) => t.repeats, n],
    ['  wasted: to calls already synced / unknown keys', '0', (t) => t.toAlreadySynced, n],
    ['calls SCV excludes that got written anyway', '0', (t) => t.excludedWritten, n],
    ['duplicate VoiceCalls created', '0', (t) => t.duplicates, n],
    ['REST API calls (count toward the daily limit)', `${n(minimumRest)} (read each candidate once per run)`, (t) => t.rest, n],
    ['OAuth token requests', `${n(measures[0]?.runs.length ?? 0)} (one per run)`, (t) => t.oauth, n],
    ['archive reads (S3 requests: GET + LIST; guide: GetObject)', '—', (t) => t.archiveReads, n],
    ['ledger requests (reads + writes)', '—', (t) => t.ledgerRequests, n],
    ['wall time, all runs', '—', (t) => t.wallMs, secs],
    [`peak RSS of one run's process (idle floor ${mib(noopRssKiB)})`, '—', (t) => t.peakRssKiB, mib],
  ];
  const header = ['metric', 'target', ours.m.label, ...baselines.map((b) => b.m.label), ...baselines.map((b) => `ours / ${b.m.approach}`)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const [name, target, pick, show] of rows) {
    const cells = [
      name,
      target,
      show(pick(ours.t)),
      ...baselines.map((b) => show(pick(b.t))),
      ...baselines.map((b) => ratio(pick(ours.t), pick(b.t))),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function runNote(child: RunOneResult): string {
  if (child.approach === 'reconcile') {
    const s = (child.detail as { summary: Record<string, number> }).summary;
    return `${n(s.candidates ?? 0)} candidates: ${n(s['resynced-confirmed'] ?? 0)} confirmed, ${n(s['resynced-unconfirmed'] ?? 0)} unconfirmed, ${n(s.excluded ?? 0)} excluded, ${n(s['already-resynced'] ?? 0)} already resynced, ${n(s['no-archived-ctr'] ?? 0)} no CTR, ${n(s.failed ?? 0)} failed`;
  }
  const g = child.detail as GuideRetryResult;
  const read = `query: ${n(g.query.rowsReturned)} of ${n(g.query.totalSize)} rows (done=${g.query.done}); ${n(g.getObjectCalls)} GetObjects`;
  return g.aborted !== undefined ? `${read}; ABORTED before any PATCH (a GetObject failed: no CTR yet)` : `${read}; ${n(g.invocations)} ITIA invokes`;
}

/** Why filled calls are not exact, per approach: fields that differ from the reference org. */
function formatInexact(measures: readonly ApproachMeasure[]): string {
  return measures
    .map((m) => {
      const fields = Object.entries(m.runs.at(-1)?.state.inexactByField ?? {}).sort((a, b) => b[1] - a[1]);
      return `${m.label}: ${fields.length === 0 ? 'every filled call is exact' : `filled but not exact, by field: ${fields.map(([f, c]) => `${f} ${n(c)}`).join(', ')}`}`;
    })
    .join('\n');
}

/** The per-run table (Markdown). */
function formatRunTable(measures: readonly ApproachMeasure[]): string {
  const header = [
    'approach',
    'run',
    'PATCHes',
    'useful',
    'refused',
    'other wasted',
    'REST calls',
    'fixable filled after run',
    'wall',
    'peak RSS',
    'what the run reported',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const m of measures) {
    for (const r of m.runs) {
      const p = r.patches;
      lines.push(
        `| ${[m.label, r.run, n(p.sent), n(p.useful), n(p.refused), n(p.sent - p.useful - p.refused), n(r.api.rest), `${n(r.state.filled)} (${pct(r.state.filled, m.classes.fixable)})`, secs(r.child.wallMs), mib(r.child.maxRssKiB), runNote(r.child)].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

export { formatInexact, formatRunTable, formatSummaryTable, totalsOf };
export type { ApproachMeasure, ApproachTotals, RunMeasure };
