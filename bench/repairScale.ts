// Benchmark "Repair" (issue 11): a week of VoiceCalls with lost syncs, repaired at SCV's rate limit,
// against the time bound and the minimum number of Salesforce API calls, with simulated latency.
//
//   node --import tsx bench/repairScale.ts [--voice-calls 100000] [--days 7] [--lost 5] [--runs 2] [--no-guide] [--guide-variant bugs-fixed|as-printed]
//   npm run bench:repair -- --voice-calls 20000
//
// Set-up (not measured): the scenario's CTRs are archived into a simulated S3 (bench/InMemoryS3Server.ts:
// real S3 HTTP, objects in memory; the tests' s3rver lists by walking its whole bucket folder, which
// at this size would be what is measured); the org simulator is seeded as SCV would have left it with --lost % of syncs lost and
// answers every request after a simulated 50 ± 20 ms (latencyMs fixed 30 + jitter 0..40); SCV's
// limit of --scv-rate telephony requests a second is enforced (429 above). Reconcile then runs
// --runs times in a row (a scheduled run and the next one), each in its own child process
// (bench/runOne.ts, peak RSS its own), reading the archive and keeping its ledger in S3 through a
// proxy that adds a simulated 20 ms to every S3 request (tests/helpers/latencyProxy.ts) and counts
// them. The guide's retryCTRSync (bench/baselines/guideRetryCtrSync.ts; by default with its two code
// bugs fixed, since as printed it stops at the first contact with no archived CTR) runs once on an
// identically seeded simulator. Loopback only; stops by itself (--timeout-minutes, default 40).
//
// Bound on the time to full repair: PATCHes ÷ rate + one apply delay (the simulator's longest, 1 s)
// + one verify poll interval (2 s). Minimum Salesforce API calls: ceil(candidates ÷ 2000) query
// pages + ceil(PATCHes ÷ 200) verify queries + token requests. Prints a table and writes
// bench/results/repair-scale.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSimulatorCredentials, type SimulatorCredentials, startOrgSimulator, toPublicCredentials } from '@ctr-resync/org-simulator';
import { CtrArchive } from '../src/archive/CtrArchive.ts';
import { scvSync } from '../src/transform/scvSync.ts';
import { startInMemoryS3Server } from './InMemoryS3Server.ts';
import { buildScenario, newestCtrs, seedOrg, writeArchiveTo } from './buildScenario.ts';
import { apiCallsBetween, classifyCalls, classifyPatches, orgState, referenceValues } from './measureOrg.ts';
import type { RunOneConfig, RunOneResult } from './runOne.ts';
import { runOneInChild } from './runOneInChild.ts';
import { startLatencyProxy } from '../tests/helpers/latencyProxy.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(REPO, 'bench', 'results', 'repair-scale.json');
/** VoiceCalls per generated CTR record (the generator's chat, callbacks and transfers make the rest): measured at 20k records. */
const VOICE_CALLS_PER_RECORD = 0.845;
const BUCKET = 'ctr-archive';
const PREFIX = 'bench';
const API_VERSION = '61.0';
const SIMULATOR_SEED = 7;
const GRACE_MS = 30 * 60_000;
/** The simulator's apply delay is 500 ms + 0..500 ms (its default): the bound takes the longest. */
const APPLY_DELAY_MAX_S = 1;
/** runReconcile's default verify poll interval. */
const VERIFY_INTERVAL_S = 2;
const QUERY_PAGE_SIZE = 2000;
const VERIFY_BATCH = 200;

interface Options {
  readonly voiceCalls: number;
  readonly days: number;
  readonly lostPercent: number;
  readonly runs: number;
  readonly scvRate: number;
  readonly rate: number;
  readonly concurrency: number;
  readonly sfLatencyMs: number;
  readonly sfJitterMs: number;
  readonly s3LatencyMs: number;
  readonly guide: boolean;
  /** `guide` (as printed: it stops at the first contact with no archived CTR) or `guide-bugs-fixed`. */
  readonly guideVariant: 'guide' | 'guide-bugs-fixed';
  readonly timeoutMinutes: number;
}

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`--${name} must be a whole number from ${min} to ${max}\n`);
    process.exit(2);
  }
  return value;
}

function parseOptions(): Options {
  const names = [
    'voice-calls',
    'days',
    'lost',
    'runs',
    'scv-rate',
    'rate',
    'concurrency',
    'sf-latency',
    'sf-jitter',
    's3-latency',
    'timeout-minutes',
  ] as const;
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      'no-guide': { type: 'boolean' },
      'guide-variant': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node --import tsx bench/repairScale.ts [--voice-calls 100000] [--days 7] [--lost 5] [--runs 2] [--scv-rate 50] [--rate 50]\n' +
        '         [--concurrency 16] [--sf-latency 50] [--sf-jitter 20] [--s3-latency 20] [--no-guide] [--guide-variant bugs-fixed|as-printed] [--timeout-minutes 40]\n',
    );
    process.exit(0);
  }
  const v = values as Record<string, string | undefined>;
  const sfLatencyMs = wholeNumber('sf-latency', v['sf-latency'], 50, 0, 10_000);
  return {
    voiceCalls: wholeNumber('voice-calls', v['voice-calls'], 100_000, 100, 2_000_000),
    days: wholeNumber('days', v.days, 7, 1, 31),
    lostPercent: wholeNumber('lost', v.lost, 5, 0, 100),
    runs: wholeNumber('runs', v.runs, 2, 1, 5),
    scvRate: wholeNumber('scv-rate', v['scv-rate'], 50, 1, 100_000),
    rate: wholeNumber('rate', v.rate, 50, 1, 500),
    concurrency: wholeNumber('concurrency', v.concurrency, 16, 1, 256),
    sfLatencyMs,
    sfJitterMs: wholeNumber('sf-jitter', v['sf-jitter'], 20, 0, sfLatencyMs),
    s3LatencyMs: wholeNumber('s3-latency', v['s3-latency'], 20, 0, 10_000),
    guide: values['no-guide'] !== true,
    guideVariant: values['guide-variant'] === 'as-printed' ? 'guide' : 'guide-bugs-fixed',
    timeoutMinutes: wholeNumber('timeout-minutes', v['timeout-minutes'], 40, 1, 600),
  };
}

function delta(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - (before[k] ?? 0)]));
}

const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((s, n) => s + n, 0);

/** Summary fields runReconcile reports (detail of a reconcile child). */
interface ReconcileDetail {
  readonly summary: Readonly<Record<string, number>> & { readonly candidates: number; readonly patchesSent: number };
  readonly client: { readonly tokenRequests: number };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const children = new Set<ChildProcess>();
  const deadline = setTimeout(() => {
    process.stderr.write(`benchmark exceeded ${options.timeoutMinutes} minutes; stopping\n`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, options.timeoutMinutes * 60_000);
  deadline.unref();
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'ctr-resync-repair-scale-'));
  const s3 = await startInMemoryS3Server(BUCKET);
  const log = (line: string): void => void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}\n`);
  try {
    const credentials: SimulatorCredentials = generateSimulatorCredentials();
    const perDay = Math.ceil(options.voiceCalls / options.days / VOICE_CALLS_PER_RECORD);
    const scenario = buildScenario({ days: options.days, perDay, lostSyncFraction: options.lostPercent / 100, now: new Date() });
    const direct = new CtrArchive(s3.directStore(PREFIX));
    const setupStarted = Date.now();
    const versions = await writeArchiveTo(scenario, direct, 32);
    log(
      `archived ${versions} CTR versions into the simulated S3 (set-up, in-process, no latency) in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s`,
    );
    const newest = newestCtrs(scenario);
    const simConfig = {
      seed: SIMULATOR_SEED,
      telephonyRatePerSecond: options.scvRate,
      latencyMs: { fixed: options.sfLatencyMs - options.sfJitterMs, jitter: 2 * options.sfJitterMs },
    };
    const startSim = () => startOrgSimulator({ scvSync, host: '127.0.0.1', credentials: toPublicCredentials(credentials), config: simConfig });
    const referenceSim = await startSim();
    await seedOrg(referenceSim, scenario, 0);
    const reference = referenceValues(referenceSim, newest.keys());
    await referenceSim.close();
    const proxy = await startLatencyProxy(s3.endpoint, { latencyMs: options.s3LatencyMs });
    const configFor = (approach: string, simUrl: string): string => {
      const config: RunOneConfig = {
        simUrl,
        apiVersion: API_VERSION,
        credentials,
        archiveRoot: join(work, 'unused'),
        ledgerRoot: join(work, 'unused'),
        windowFrom: scenario.windowFrom.toISOString(),
        graceMs: GRACE_MS,
        reconcile: { ratePerSecond: options.rate, concurrency: options.concurrency },
        s3: { endpoint: proxy.url, bucket: BUCKET, prefix: PREFIX },
      };
      const path = join(work, `${approach}.json`);
      writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
      return path;
    };
    const approaches = options.guide ? (['reconcile', options.guideVariant] as const) : (['reconcile'] as const);
    const measured: Record<string, unknown>[] = [];
    let classesOut: Record<string, number> | undefined;
    for (const approach of approaches) {
      const sim = await startSim();
      try {
        await seedOrg(sim, scenario);
        const classes = classifyCalls(sim, reference, newest, scenario.liveKeys);
        classesOut ??= {
          voiceCalls: classes.keys.length,
          missing: classes.missing,
          fixable: classes.fixable.size,
          excluded: classes.excluded.size,
          live: classes.live.size,
        };
        const accepted = new Set<string>();
        const runs = approach === 'reconcile' ? options.runs : 1;
        for (let run = 1; run <= runs; run += 1) {
          const before = sim.counters();
          const s3Before = { ...proxy.counts };
          const lastSeq = sim.telephonyLog().at(-1)?.seq ?? 0;
          const child: RunOneResult = await runOneInChild(approach, configFor(approach, sim.url), {
            timeoutMs: options.timeoutMinutes * 60_000,
            children,
          });
          await sim.settled();
          const patches = classifyPatches(sim, sim.telephonyLog(lastSeq), classes, accepted);
          const api = apiCallsBetween(before, sim.counters());
          const s3Requests = delta(s3Before, { ...proxy.counts });
          const state = orgState(sim, classes, reference);
          const row: Record<string, unknown> = {
            approach,
            run,
            wallS: child.wallMs / 1000,
            cpuS: (child.cpuMs ?? 0) / 1000,
            peakRssMiB: child.maxRssKiB / 1024,
            api,
            patches,
            state,
            s3Requests,
          };
          if (approach === 'reconcile') {
            const detail = child.detail as ReconcileDetail;
            const candidates = detail.summary.candidates;
            const sent = detail.summary.patchesSent;
            const boundS = sent / options.rate + APPLY_DELAY_MAX_S + VERIFY_INTERVAL_S;
            const minimumApi = Math.ceil(candidates / QUERY_PAGE_SIZE) + Math.ceil(sent / VERIFY_BATCH) + detail.client.tokenRequests;
            Object.assign(row, {
              summary: detail.summary,
              candidates,
              boundS,
              timeRatio: child.wallMs / 1000 / boundS,
              minimumApi,
              apiCalls: api.rest + api.oauth,
              apiAllowed: 1.05 * minimumApi + 2,
              s3PerCandidate: candidates === 0 ? 0 : sum(s3Requests) / candidates,
            });
          } else row.detail = child.detail;
          measured.push(row);
          log(
            `${approach} run ${run}: ${patches.sent} PATCHes (${patches.useful} useful), ${state.filled} of ${classes.fixable.size} filled, ${(child.wallMs / 1000).toFixed(1)} s`,
          );
        }
      } finally {
        await sim.close();
      }
    }
    await proxy.close();
    printTable(options, classesOut ?? {}, measured, versions, (Date.now() - started) / 1000);
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    const machine = {
      nproc: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    const command = `node --import tsx bench/repairScale.ts --voice-calls ${options.voiceCalls} --days ${options.days} --lost ${options.lostPercent} --runs ${options.runs}${options.guide ? ` --guide-variant ${options.guideVariant === 'guide' ? 'as-printed' : 'bugs-fixed'}` : ' --no-guide'}`;
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), command, machine, options, ctrVersions: versions, org: classesOut, runs: measured }, null, 2)}\n`,
    );
    process.stdout.write(`\nwritten: ${RESULTS_FILE}\n`);
  } finally {
    await s3.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function printTable(options: Options, org: Record<string, number>, rows: readonly Record<string, unknown>[], versions: number, totalS: number): void {
  const f = (n: unknown, digits = 0): string =>
    typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
  const lines = [
    `node ${process.version}, ${cpus().length} CPUs, total ${totalS.toFixed(0)} s`,
    `org: ${f(org.voiceCalls)} VoiceCalls over ${options.days} days (${f(versions)} CTR versions archived), ${options.lostPercent}% of syncs lost: ${f(org.missing)} missing CTR data, ${f(org.fixable)} fixable, ${f(org.excluded)} excluded by SCV's rules, ${f(org.live)} live`,
    `simulated latency: Salesforce ${options.sfLatencyMs} ± ${options.sfJitterMs} ms a request, S3 ${options.s3LatencyMs} ms a request; SCV limit ${options.scvRate}/s; reconcile --rate ${options.rate} --concurrency ${options.concurrency}`,
    '',
    '| approach, run | wall s | CPU s | bound s | wall ÷ bound | PATCHes (useful) | fixable filled | SF API calls | minimum | allowed (1.05×+2) | S3 requests | S3 / candidate | peak RSS MiB |',
    '| ------------- | ------ | ----- | ------- | ------------ | ---------------- | -------------- | ------------ | ------- | ----------------- | ----------- | -------------- | ------------ |',
  ];
  for (const r of rows) {
    const api = r.api as { rest: number; oauth: number };
    const patches = r.patches as { sent: number; useful: number };
    const state = r.state as { filled: number };
    lines.push(
      `| ${r.approach} ${r.run} | ${f(r.wallS, 1)} | ${f(r.cpuS, 1)} | ${f(r.boundS, 1)} | ${f(r.timeRatio, 2)} | ${f(patches.sent)} (${f(patches.useful)}) | ${f(state.filled)} of ${f(org.fixable)} | ${f(api.rest + api.oauth)} | ${f(r.minimumApi)} | ${f(r.apiAllowed, 1)} | ${f(sum(r.s3Requests as Record<string, number>))} | ${f(r.s3PerCandidate, 2)} | ${f(r.peakRssMiB)} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
