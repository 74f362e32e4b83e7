/**
 * Capture benchmark (issue 11, benchmark 2): the archive Lambda's handler on one Kinesis event of
 * 10,000 records, and `archive import` of N records from NDJSON files, into the local S3 server
 * (s3rver) behind a latency proxy that adds 20 ms to every request. Every scenario runs in its own
 * process, one after the other, in this one run, so their ratios hold on a busy machine:
 *
 * - `before`: the code of an earlier commit (default 6358464, before this work), extracted with
 *   `git archive` into bench/.cache/, with its own defaults (handler: every record at once on the
 *   SDK's 50 sockets; import: 16 in flight);
 * - `after, s3rver as is`: this checkout against s3rver, which ignores `If-None-Match: *`, so the
 *   archive learns that and checks with a HEAD first;
 * - `after, conditional writes (simulated)`: this checkout with the proxy answering 412 as real S3
 *   does, so a version costs one PUT.
 *
 * Reports CTRs/s against the latency bound (writes in flight ÷ latency), S3 requests per CTR (as
 * counted by the proxy), client CPU per CTR, peak RSS, and the SDK's socket-queue warnings.
 * Writes bench/results/capture.json (capture-<latency>ms.json at another latency).
 *
 *   npm run bench:capture -- [--records 1000000] [--handler-records 10000] [--latency-ms 20] [--before <commit>]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream, existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLatencyProxy, type LatencyProxy } from '../tests/helpers/latencyProxy.ts';
import { startLocalS3Server } from '../tests/helpers/startLocalS3Server.ts';
import { benchCtr } from './benchCtr.ts';
import type { ScenarioInput, ScenarioOutput } from './captureScenario.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIO = fileURLToPath(new URL('./captureScenario.ts', import.meta.url));
const BUCKET = 'capture-bench';
const RECORDS_PER_FILE = 100_000;
/** Each scenario stops being waited for after this long (the bench is bounded in time). */
const SCENARIO_TIMEOUT_MS = 30 * 60_000;

const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    'handler-records': { type: 'string', default: '10000' },
    'latency-ms': { type: 'string', default: '20' },
    before: { type: 'string', default: '6358464' },
    only: { type: 'string' },
  },
});
const importRecords = Number(flags.records);
const handlerRecords = Number(flags['handler-records']);
const latencyMs = Number(flags['latency-ms']);

interface Scenario {
  readonly name: string;
  readonly kind: 'handler' | 'import';
  readonly code: 'before' | 'after';
  readonly proxy: 'plain' | 'conditional';
  /** Writes in flight (undefined: the code's default, stated in `inFlight`). */
  readonly concurrency?: number;
  /** Requests that can be in flight at once, for the bound. */
  readonly inFlight: number;
  readonly maxSockets?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'handler, before (all records at once, SDK 50 sockets)', kind: 'handler', code: 'before', proxy: 'plain', inFlight: 50 },
  {
    name: 'handler, after, s3rver as is (HEAD + PUT ‖ index)',
    kind: 'handler',
    code: 'after',
    proxy: 'plain',
    concurrency: 64,
    inFlight: 64,
    maxSockets: 128,
  },
  {
    name: 'handler, after, conditional writes (simulated)',
    kind: 'handler',
    code: 'after',
    proxy: 'conditional',
    concurrency: 64,
    inFlight: 64,
    maxSockets: 128,
  },
  { name: 'import, before (concurrency 16)', kind: 'import', code: 'before', proxy: 'plain', inFlight: 16 },
  {
    name: 'import, after, conditional writes (simulated), 16',
    kind: 'import',
    code: 'after',
    proxy: 'conditional',
    concurrency: 16,
    inFlight: 16,
    maxSockets: 32,
  },
  {
    name: 'import, after, conditional writes (simulated), 64',
    kind: 'import',
    code: 'after',
    proxy: 'conditional',
    concurrency: 64,
    inFlight: 64,
    maxSockets: 128,
  },
];

/** Extracts `src/` of a commit into bench/.cache/<commit>/ (inside the repo, so node_modules resolves). */
function extractTree(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short', commit], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(ROOT, 'bench', '.cache', sha);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} src | tar -x -C '${dir}'`], { cwd: ROOT });
  }
  return dir;
}

async function writeImportInput(dir: string, records: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let file = 0; file * RECORDS_PER_FILE < records; file += 1) {
    const out = createWriteStream(join(dir, `part-${String(file).padStart(4, '0')}.ndjson`));
    const end = Math.min(records, (file + 1) * RECORDS_PER_FILE);
    for (let i = file * RECORDS_PER_FILE; i < end; i += 1) {
      if (!out.write(`${benchCtr(i)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise((resolve) => out.end(resolve));
  }
}

function runScenario(input: ScenarioInput): Promise<ScenarioOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCENARIO, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), SCENARIO_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`scenario exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ScenarioOutput);
    });
  });
}

const pad = (v: string | number, n: number) => String(v).padStart(n);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ctr-capture-bench-'));
  const s3 = await startLocalS3Server(join(work, 's3'), BUCKET);
  const proxies: Record<Scenario['proxy'], LatencyProxy> = {
    plain: await startLatencyProxy(s3.endpoint, { latencyMs }),
    conditional: await startLatencyProxy(s3.endpoint, { latencyMs, conditionalWrites: true }),
  };
  const trees = { before: extractTree(flags.before), after: ROOT };
  const inputDir = join(work, 'input');
  const scenarios = SCENARIOS.filter((s) => flags.only === undefined || s.name.includes(flags.only));
  if (scenarios.some((s) => s.kind === 'import')) await writeImportInput(inputDir, importRecords);
  const results: (Scenario & ScenarioOutput & { records: number; requests: Record<string, number>; ctrsPerSecond: number; bound: number })[] = [];
  console.log(
    `capture: handler ${handlerRecords.toLocaleString('en-US')} records in one event, import ${importRecords.toLocaleString('en-US')} records; ${latencyMs} ms per S3 request; load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
  );
  console.log(
    `${'scenario'.padEnd(58)}${pad('CTRs/s', 8)}${pad('bound', 7)}${pad('ratio', 7)}${pad('req/CTR', 9)}${pad('HEAD', 6)}${pad('CPU ms', 8)}${pad('RSS MiB', 9)}  queued`,
  );
  try {
    for (const [i, scenario] of scenarios.entries()) {
      const proxy = proxies[scenario.proxy];
      proxy.reset();
      const records = scenario.kind === 'handler' ? handlerRecords : importRecords;
      const output = await runScenario({
        tree: trees[scenario.code],
        kind: scenario.kind,
        endpoint: proxy.url,
        bucket: BUCKET,
        prefix: `run-${i}`,
        ...(scenario.concurrency !== undefined ? { concurrency: scenario.concurrency } : {}),
        ...(scenario.maxSockets !== undefined ? { maxSockets: scenario.maxSockets } : {}),
        ...(scenario.kind === 'handler' ? { records } : { inputDir }),
      });
      const requests = { ...proxy.counts };
      const total = Object.values(requests).reduce((a, b) => a + b, 0);
      const ctrsPerSecond = output.stored / output.seconds;
      const bound = scenario.inFlight / (latencyMs / 1000);
      results.push({ ...scenario, ...output, records, requests, ctrsPerSecond, bound });
      console.log(
        `${scenario.name.padEnd(58)}${pad(ctrsPerSecond.toFixed(0), 8)}${pad(bound, 7)}${pad(`${(ctrsPerSecond / bound).toFixed(2)}×`, 7)}${pad((total / records).toFixed(2), 9)}${pad(((requests.HEAD ?? 0) / records).toFixed(2), 6)}${pad((output.cpuMs / records).toFixed(2), 8)}${pad(output.maxRssMiB.toFixed(0), 9)}  ${output.socketWarnings > 0 ? `${output.maxEnqueued} (${output.socketWarnings} warnings)` : '0'}`,
      );
      if (output.stored + output.duplicate !== records || output.failed > 0) {
        console.log(`  warning: stored ${output.stored} + duplicate ${output.duplicate} of ${records}, failed ${output.failed}`);
      }
    }
  } finally {
    await proxies.plain.close();
    await proxies.conditional.close();
    await s3.stop();
    rmSync(work, { recursive: true, force: true });
  }
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const report = { latencyMs, handlerRecords, importRecords, before: flags.before, load1: loadavg()[0], cores: cpus().length, results };
  const name = latencyMs === 20 ? 'capture.json' : `capture-${latencyMs}ms.json`;
  writeFileSync(join(ROOT, 'bench', 'results', name), `${JSON.stringify(report, null, 2)}\n`);
  console.log('CTRs/s: stored ÷ wall time; bound: writes in flight ÷ latency; req/CTR: S3 requests through the proxy; CPU ms: client CPU per CTR');
}

await main();
