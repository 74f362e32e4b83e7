// Benchmark: ctr-resync's reconcile vs. the Salesforce guide's retryCTRSync (re-implemented in
// bench/baselines/guideRetryCtrSync.ts), on identically seeded org simulators, in one run.
//
//   node --import tsx bench/reconcileVsGuide.ts [--days 4] [--per-day 5000] [--runs 3] [--live 50] [--scv-rate 50]
//   npm run bench
//
// Each approach gets its own simulator (same CTRs, same seeds, same lost syncs) and runs --runs
// times in a row, like scheduled runs, each run in its own child process (bench/runOne.ts) so its
// peak RSS is its own. After each run the simulator applies every accepted PATCH (settled()), then
// the org is measured against a reference org where SCV lost no sync. Loopback only; stops by
// itself (hard limit 10 minutes). Prints Markdown tables and writes bench/results/reconcile-vs-guide.json.
import type { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  generateSimulatorCredentials,
  type RunningOrgSimulator,
  type SimulatorCredentials,
  startOrgSimulator,
  toPublicCredentials,
} from '@ctr-resync/org-simulator';
import { buildScenario, newestCtrs, SCENARIO_DEFAULTS, seedOrg, writeArchive } from './buildScenario.ts';
import { type ApproachMeasure, formatInexact, formatRunTable, formatSummaryTable, type RunMeasure, totalsOf } from './formatComparison.ts';
import { apiCallsBetween, classifyCalls, classifyPatches, orgState, referenceValues } from './measureOrg.ts';
import type { RunOneConfig, RunOneResult } from './runOne.ts';
import { runOneInChild } from './runOneInChild.ts';
import { scvSync } from '../src/transform/scvSync.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(REPO, 'bench', 'results', 'reconcile-vs-guide.json');
const DEADLINE_MS = 10 * 60_000;
const CHILD_TIMEOUT_MS = 5 * 60_000;
/** Reconcile settings for the bench: the offline demo's (CLI: --rate 40 --concurrency 16). */
const RECONCILE_SETTINGS = { ratePerSecond: 40, concurrency: 16 } as const;
const GRACE_MS = 30 * 60_000;
const API_VERSION = '61.0';
const SIMULATOR_SEED = 7;
const APPROACHES = [
  { approach: 'reconcile', label: 'ctr-resync reconcile' },
  { approach: 'guide', label: 'guide, as printed' },
  { approach: 'guide-bugs-fixed', label: 'guide, 2 code bugs fixed' },
] as const;

const children = new Set<ReturnType<typeof spawn>>();
setTimeout(() => {
  process.stderr.write(`benchmark exceeded ${DEADLINE_MS / 60_000} minutes; stopping\n`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
}, DEADLINE_MS).unref();

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return value;
}

function parseOptions(): { days: number; perDay: number; runs: number; live: number; scvRate: number } {
  const { values } = parseArgs({
    options: {
      days: { type: 'string' },
      'per-day': { type: 'string' },
      runs: { type: 'string' },
      live: { type: 'string' },
      'scv-rate': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: node --import tsx bench/reconcileVsGuide.ts [--days 4] [--per-day 5000] [--runs 3] [--live 50] [--scv-rate 50]\n');
    process.exit(0);
  }
  return {
    days: wholeNumber('days', values.days, SCENARIO_DEFAULTS.days, 1, 14),
    perDay: wholeNumber('per-day', values['per-day'], SCENARIO_DEFAULTS.perDay, 100, 20_000),
    runs: wholeNumber('runs', values.runs, 3, 1, 10),
    live: wholeNumber('live', values.live, SCENARIO_DEFAULTS.liveCalls, 0, 1000),
    scvRate: wholeNumber('scv-rate', values['scv-rate'], 50, 1, 100_000),
  };
}

/** Runs bench/runOne.ts in a child process and returns what it printed. */
function runChild(approach: string, configPath: string): Promise<RunOneResult> {
  return runOneInChild(approach, configPath, { timeoutMs: CHILD_TIMEOUT_MS, children });
}

async function startSim(credentials: SimulatorCredentials, scvRate: number): Promise<RunningOrgSimulator> {
  return startOrgSimulator({
    scvSync,
    host: '127.0.0.1',
    credentials: toPublicCredentials(credentials),
    config: { seed: SIMULATOR_SEED, telephonyRatePerSecond: scvRate },
  });
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'ctr-resync-bench-'));
  try {
    const credentials = generateSimulatorCredentials();
    const scenario = buildScenario({ days: options.days, perDay: options.perDay, liveCalls: options.live, now: new Date() });
    const archiveRoot = join(work, 'archive');
    const versions = await writeArchive(scenario, archiveRoot);
    const newest = newestCtrs(scenario);
    const referenceSim = await startSim(credentials, options.scvRate);
    await seedOrg(referenceSim, scenario, 0);
    const reference = referenceValues(referenceSim, newest.keys());
    await referenceSim.close();
    const configFor = (approach: string, simUrl: string): string => {
      const config: RunOneConfig = {
        simUrl,
        apiVersion: API_VERSION,
        credentials,
        archiveRoot,
        ledgerRoot: join(work, `ledger-${approach}`),
        windowFrom: scenario.windowFrom.toISOString(),
        graceMs: GRACE_MS,
        reconcile: RECONCILE_SETTINGS,
      };
      const path = join(work, `${approach}.json`);
      writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
      return path;
    };
    const noop = await runChild('noop', configFor('noop', 'http://127.0.0.1:9'));

    const measures: ApproachMeasure[] = [];
    let fixableKeys: string | undefined;
    for (const { approach, label } of APPROACHES) {
      const sim = await startSim(credentials, options.scvRate);
      try {
        const seeded = await seedOrg(sim, scenario);
        const classes = classifyCalls(sim, reference, newest, scenario.liveKeys);
        const signature = [...classes.fixable].sort().join(',');
        if (fixableKeys !== undefined && signature !== fixableKeys) throw new Error('the simulators were not seeded identically');
        fixableKeys = signature;
        const configPath = configFor(approach, sim.url);
        const accepted = new Set<string>();
        const runs: RunMeasure[] = [];
        for (let run = 1; run <= options.runs; run += 1) {
          const before = sim.counters();
          const lastSeq = sim.telephonyLog().at(-1)?.seq ?? 0;
          const child = await runChild(approach, configPath);
          await sim.settled();
          const patches = classifyPatches(sim, sim.telephonyLog(lastSeq), classes, accepted);
          runs.push({ run, child, api: apiCallsBetween(before, sim.counters()), patches, state: orgState(sim, classes, reference) });
          process.stderr.write(`${label}, run ${run}: ${patches.sent} PATCHes, ${patches.useful} useful, ${(child.wallMs / 1000).toFixed(1)} s\n`);
        }
        const lost = seeded.reduce((s, x) => s + x.lost, 0);
        process.stderr.write(`${label}: org of ${classes.keys.length} VoiceCalls, ${lost} syncs lost\n`);
        measures.push({
          approach,
          label,
          classes: {
            voiceCalls: classes.keys.length,
            missing: classes.missing,
            fixable: classes.fixable.size,
            excluded: classes.excluded.size,
            live: classes.live.size,
            fixableByRules: classes.fixableByRules,
          },
          runs,
        });
      } finally {
        await sim.close();
      }
    }

    const c = (measures[0] as ApproachMeasure).classes;
    const minimumRest = options.runs * Math.ceil((c.fixable + c.excluded) / 2000);
    const machine = {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    };
    const ctrVersions = scenario.days.reduce((s, d) => s + d.ctrs.length, 0);
    const lines = [
      `node ${machine.node}, ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB; total ${((Date.now() - started) / 1000).toFixed(0)} s`,
      `scenario: ${options.days} days × ${options.perDay} records (seeds ${SCENARIO_DEFAULTS.seedBase}..${SCENARIO_DEFAULTS.seedBase + options.days - 1}), ${ctrVersions} CTR versions archived (${versions} stored), ${options.live} live calls, ${SCENARIO_DEFAULTS.lostSyncFraction * 100}% of syncs lost; SCV limit ${options.scvRate} telephony requests/s; ${options.runs} runs per approach`,
      `org: ${c.voiceCalls} VoiceCalls; ${c.missing} match "CustomerHoldDuration = null": ${c.fixable} fixable (cross-check by SCV's rules: ${c.fixableByRules}), ${c.excluded} excluded by SCV's rules, ${c.live} live`,
      `reconcile settings: --rate ${RECONCILE_SETTINGS.ratePerSecond} --concurrency ${RECONCILE_SETTINGS.concurrency}, window from ${scenario.windowFrom.toISOString()} to now - 30m`,
      '',
      formatSummaryTable(measures, minimumRest, noop.maxRssKiB),
      '',
      formatInexact(measures),
      '',
      formatRunTable(measures),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    const json = {
      generatedAt: new Date().toISOString(),
      command: `node --import tsx bench/reconcileVsGuide.ts --days ${options.days} --per-day ${options.perDay} --runs ${options.runs} --live ${options.live} --scv-rate ${options.scvRate}`,
      machine,
      options,
      reconcileSettings: RECONCILE_SETTINGS,
      noopPeakRssKiB: noop.maxRssKiB,
      approaches: measures.map((m) => ({ ...m, totals: totalsOf(m) })),
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`\nwritten: ${RESULTS_FILE}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
