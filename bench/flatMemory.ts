/**
 * Benchmark "Flat memory" (issue 11): peak RSS and records/s of `reconcile --mode diff --dry-run`
 * (runReconcile with its report streamed to an NDJSON file, `keepRecords: false`) and of `report`
 * (computeCoverage) over a simulated week of 100,000, 300,000 and 1,000,000 VoiceCalls
 * (bench/syntheticWeek.ts: made on the fly, nothing held per record, so what grows is the code
 * under test). Each size and command runs in its own child process, so its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own; an idle floor (modules loaded, nothing run) is
 * measured too. Goal: RSS at the largest size ≤ 1.2× RSS at the smallest, and under 300 MB.
 *
 *   node --import tsx bench/flatMemory.ts [--sizes 100000,300000,1000000] [--commands reconcile-diff,report]
 *   npm run bench:memory
 *
 * Prints a table and writes bench/results/flat-memory.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeCoverage } from '../src/coverage/computeCoverage.ts';
import { NdjsonReportWriter } from '../src/reconcile/NdjsonReportWriter.ts';
import { runReconcile } from '../src/reconcile/runReconcile.ts';
import { SYNTHETIC_WEEK, syntheticWeekDeps } from './syntheticWeek.ts';

const COMMANDS = ['reconcile-diff', 'report', 'floor'] as const;
type Command = (typeof COMMANDS)[number];

interface One {
  readonly command: Command;
  readonly voiceCalls: number;
  /** Records decided (reconcile) or VoiceCalls counted (report). */
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly maxRssMiB: number;
  readonly outputMiB: number;
}

const PREDICATE = 'CustomerHoldDuration = null AND DisconnectReason = null';
const CHILD_TIMEOUT_MS = 60 * 60_000;

async function runOne(command: Command, count: number): Promise<One> {
  const dir = mkdtempSync(join(tmpdir(), 'ctr-resync-flat-memory-'));
  const path = join(dir, 'out');
  const started = process.hrtime.bigint();
  let records = 0;
  if (command === 'reconcile-diff') {
    const writer = NdjsonReportWriter.toFile(path);
    const report = await runReconcile(
      { ...syntheticWeekDeps(count), onRecord: writer.write },
      { ...SYNTHETIC_WEEK, graceMs: 0, mode: 'diff', predicateSoql: PREDICATE, dryRun: true, concurrency: 8, keepRecords: false },
    );
    await writer.close(report);
    records = report.summary.candidates;
  } else if (command === 'report') {
    const report = await computeCoverage(syntheticWeekDeps(count), { ...SYNTHETIC_WEEK, predicateSoql: PREDICATE });
    writeFileSync(path, JSON.stringify(report));
    records = report.totals.voiceCalls;
  } else writeFileSync(path, '');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const outputMiB = statSync(path).size / 2 ** 20;
  rmSync(dir, { recursive: true, force: true });
  return {
    command,
    voiceCalls: count,
    records,
    seconds,
    recordsPerSecond: seconds > 0 ? records / seconds : 0,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    outputMiB,
  };
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--one') {
    process.stdout.write(JSON.stringify(await runOne(process.argv[3] as Command, Number(process.argv[4]))));
    return;
  }
  const sizes = option('--sizes', '100000,300000,1000000').split(',').map(Number);
  const commands = option('--commands', 'reconcile-diff,report').split(',') as Command[];
  if (sizes.some((n) => !Number.isInteger(n) || n < 100) || commands.some((c) => !COMMANDS.includes(c))) {
    process.stderr.write(`--sizes takes whole numbers ≥ 100; --commands takes ${COMMANDS.join(', ')}\n`);
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);
  const child = (command: Command, count: number): One =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', self, '--one', command, String(count)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        timeout: CHILD_TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    ) as One;
  const machine = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB`;
  console.log(machine);
  const floor = child('floor', 0);
  console.log(`idle floor (modules loaded, nothing run): ${floor.maxRssMiB.toFixed(0)} MiB peak RSS\n`);
  console.log('| command                         | VoiceCalls | records   | records/s | peak RSS MiB | output MiB | wall s |');
  console.log('| ------------------------------- | ---------- | --------- | --------- | ------------ | ---------- | ------ |');
  const results: One[] = [];
  const label = (c: Command): string => (c === 'reconcile-diff' ? 'reconcile --mode diff --dry-run' : 'report');
  for (const command of commands) {
    for (const size of sizes) {
      const r = child(command, size);
      results.push(r);
      console.log(
        `| ${label(command).padEnd(31)} | ${size.toLocaleString('en-US').padStart(10)} | ${r.records.toLocaleString('en-US').padStart(9)} | ${Math.round(r.recordsPerSecond).toLocaleString('en-US').padStart(9)} | ${r.maxRssMiB.toFixed(0).padStart(12)} | ${r.outputMiB.toFixed(1).padStart(10)} | ${r.seconds.toFixed(1).padStart(6)} |`,
      );
    }
    const own = results.filter((r) => r.command === command);
    const first = own[0];
    const last = own.at(-1);
    if (first && last && own.length > 1) {
      const ratio = last.maxRssMiB / first.maxRssMiB;
      console.log(
        `|   ${label(command)}: RSS at ${last.voiceCalls.toLocaleString('en-US')} ÷ RSS at ${first.voiceCalls.toLocaleString('en-US')} = ${ratio.toFixed(2)} (goal ≤ 1.2); largest ${last.maxRssMiB.toFixed(0)} MiB (goal < 300 MB = 286 MiB) | | | | | | |`,
      );
    }
  }
  const out = fileURLToPath(new URL('./results/flat-memory.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const command = `node --import tsx bench/flatMemory.ts --sizes ${sizes.join(',')} --commands ${commands.join(',')}`;
  writeFileSync(out, `${JSON.stringify({ machine, command, measuredAt: new Date().toISOString(), floor, results }, null, 2)}\n`);
  console.log(`\nwritten: ${out}`);
}

await main();
