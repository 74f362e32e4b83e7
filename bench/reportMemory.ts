/**
 * Peak memory of a reconcile run's report as the window grows: 100k, 300k and 1M synthetic
 * candidates through `runReconcile` (dry run over in-memory fake ports that hold nothing per record,
 * tests/helpers/syntheticWindow.ts: half `would-resync` with their field changes, half
 * `no-archived-ctr`), each size in its own process so peak RSS is its own.
 *
 * - streaming: `keepRecords: false` + `NdjsonReportWriter` to a temp file (what `--report` and the
 *   Lambda's stored report can use);
 * - in memory: `keepRecords: true` + `JSON.stringify(report)` at the end (what `--report` does
 *   today), up to `--in-memory-max` records (default 300k; larger risks the heap limit).
 *
 * Also runs each size's empty baseline ("floor": the same modules loaded, nothing run).
 *
 *   node --import tsx bench/reportMemory.ts [--sizes 100000,300000,1000000] [--in-memory-max 300000]
 *
 * Prints a table and writes bench/results/report-memory.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NdjsonReportWriter } from '../src/reconcile/NdjsonReportWriter.ts';
import { runReconcile } from '../src/reconcile/runReconcile.ts';
import { SYNTHETIC_WINDOW, syntheticWindowDeps } from '../tests/helpers/syntheticWindow.ts';

type Mode = 'streaming' | 'in-memory' | 'floor';

interface One {
  readonly mode: Mode;
  readonly records: number;
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly heapUsedMiB: number;
  readonly reportMiB: number;
}

const RUN = { ...SYNTHETIC_WINDOW, graceMs: 0, mode: 'missing', predicateSoql: 'CustomerHoldDuration = null', dryRun: true, concurrency: 8 } as const;

async function runOne(mode: Mode, count: number): Promise<One> {
  const dir = mkdtempSync(join(tmpdir(), 'ctr-resync-report-memory-'));
  const path = join(dir, mode === 'streaming' ? 'report.ndjson' : 'report.json');
  const started = process.hrtime.bigint();
  let records = 0;
  if (mode === 'streaming') {
    const writer = NdjsonReportWriter.toFile(path);
    const report = await runReconcile({ ...syntheticWindowDeps(count), onRecord: writer.write }, { ...RUN, keepRecords: false });
    await writer.close(report);
    records = report.summary.candidates;
  } else if (mode === 'in-memory') {
    const report = await runReconcile(syntheticWindowDeps(count), RUN);
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    records = report.records.length;
  } else writeFileSync(path, '');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const reportMiB = statSync(path).size / 2 ** 20;
  rmSync(dir, { recursive: true, force: true });
  return {
    mode,
    records,
    seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
    reportMiB,
  };
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--one') {
    process.stdout.write(JSON.stringify(await runOne(process.argv[3] as Mode, Number(process.argv[4]))));
    return;
  }
  const sizes = option('--sizes', '100000,300000,1000000').split(',').map(Number);
  const inMemoryMax = Number(option('--in-memory-max', '300000'));
  const self = fileURLToPath(import.meta.url);
  const child = (mode: Mode, count: number): One =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', self, '--one', mode, String(count)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        timeout: 30 * 60_000,
      }),
    ) as One;
  const machine = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB`;
  console.log(machine);
  const floor = child('floor', 0);
  console.log(`idle floor (modules loaded, nothing run): ${floor.maxRssMiB.toFixed(0)} MiB peak RSS\n`);
  const results: One[] = [];
  console.log('| records   | report mode                          | peak RSS MiB | heap used at end MiB | report file MiB | wall s |');
  console.log('| --------- | ------------------------------------ | ------------ | -------------------- | --------------- | ------ |');
  for (const size of sizes) {
    for (const mode of ['streaming', 'in-memory'] as const) {
      if (mode === 'in-memory' && size > inMemoryMax) continue;
      const r = child(mode, size);
      results.push(r);
      const label = mode === 'streaming' ? 'streaming NDJSON, keepRecords:false' : 'records[] in memory + JSON.stringify';
      console.log(
        `| ${r.records.toLocaleString('en-US').padEnd(9)} | ${label.padEnd(36)} | ${r.maxRssMiB.toFixed(0).padStart(12)} | ${r.heapUsedMiB.toFixed(0).padStart(20)} | ${r.reportMiB.toFixed(0).padStart(15)} | ${r.seconds.toFixed(1).padStart(6)} |`,
      );
    }
  }
  const out = fileURLToPath(new URL('./results/report-memory.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine, measuredAt: new Date().toISOString(), floor, results }, null, 2)}\n`);
  console.log(`\nwritten: ${out}`);
}

await main();
