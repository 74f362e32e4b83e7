/**
 * S3 requests per candidate per reconcile run, with and without the decision manifests
 * (src/reconcile/DecisionManifests.ts), side by side on identically seeded org simulators.
 *
 * Generated contact-center days (the demo's generator; its `neverArchived` contacts are left out
 * of the archive and their syncs lost, so they stay "no archived CTR"; SCV's exclusions stay
 * candidates by design) are archived once into the local S3 server (s3rver over HTTP, the AWS SDK);
 * each variant then reconciles the window `--runs` times in missing mode, then twice in diff mode
 * (every VoiceCall of the window a candidate), against its own org simulator, with its own ledger prefix, every archive and ledger request counted by
 * CountingArchiveStore (one count = one S3 request: GET, LIST page, PUT, HEAD).
 *
 *   node --import tsx bench/decisionCache.ts [--days 1] [--per-day 1000] [--runs 2]
 *
 * The defaults stay small: on a loaded 2-vCPU machine `--days 2 --per-day 2500` did not finish within
 * 25 minutes (s3rver is the bottleneck).
 *
 * Prints a table and writes bench/results/decision-cache.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import PQueue from 'p-queue';
import { generateContactCenterDay } from '@ctr-resync/org-simulator/offline';
import { CtrArchive } from '../src/archive/CtrArchive.ts';
import { S3ArchiveStore } from '../src/archive/S3ArchiveStore.ts';
import { parseCtr } from '../src/ctr/parseCtr.ts';
import { predicateToSoql } from '../src/reconcile/candidatePredicate.ts';
import { ResyncLedger } from '../src/reconcile/ResyncLedger.ts';
import { runReconcile } from '../src/reconcile/runReconcile.ts';
import type { Outcome } from '../src/reconcile/ReconcileReport.ts';
import { startTestS3 } from '../tests/helpers/archives.ts';
import { type OrgHarness, startOrgHarness, WINDOW } from '../tests/helpers/orgHarness.ts';
import { type ArchiveOpCounts, CountingArchiveStore } from './CountingArchiveStore.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const FIRST_DAY = Date.parse('2026-11-20T00:00:00Z');

function option(name: string, fallback: number, max: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`--${name} takes a whole number from 1 to ${max}`);
  return value;
}

interface RunRow {
  readonly variant: 'before (no cache)' | 'after (decision manifests)';
  readonly run: number;
  readonly mode: 'missing' | 'diff';
  readonly candidates: number;
  readonly outcomes: Partial<Record<Outcome, number>>;
  readonly requests: ArchiveOpCounts & { readonly total: number };
  readonly perCandidate: number;
  readonly patchesSent: number;
  readonly seconds: number;
}

function sum(a: ArchiveOpCounts, b: ArchiveOpCounts): ArchiveOpCounts {
  return { get: a.get + b.get, list: a.list + b.list, put: a.put + b.put, exists: a.exists + b.exists };
}

function minus(a: ArchiveOpCounts, b: ArchiveOpCounts): ArchiveOpCounts {
  return { get: a.get - b.get, list: a.list - b.list, put: a.put - b.put, exists: a.exists - b.exists };
}

async function main(): Promise<void> {
  const days = option('days', 1, 3);
  const perDay = option('per-day', 1000, 10_000);
  const runs = option('runs', 2, 10);
  const started = performance.now();
  const generated = Array.from({ length: days }, (_, d) => {
    const day = new Date(FIRST_DAY + d * 86_400_000).toISOString().slice(0, 10);
    return { seed: 2000 + d, ...generateContactCenterDay({ day, records: perDay, seed: 2000 + d }) };
  });
  const s3 = await startTestS3();
  const orgs: OrgHarness[] = [];
  try {
    const clientConfig = { ...s3.clientConfig, maxAttempts: 3 };
    const store = (prefix: string) => new S3ArchiveStore({ bucket: s3.bucket, prefix, clientConfig });
    // Set-up (not counted): the archive once, without the never-archived contacts.
    const setup = new CtrArchive(store('archive/'));
    const queue = new PQueue({ concurrency: 16 });
    let archived = 0;
    for (const day of generated) {
      for (const ctr of day.ctrs) {
        if (day.neverArchived.has(String(ctr.ContactId))) continue;
        archived += 1;
        void queue.add(() => setup.put(parseCtr(JSON.stringify(ctr))));
      }
    }
    await queue.onIdle();
    const rows: RunRow[] = [];
    for (const variant of ['before (no cache)', 'after (decision manifests)'] as const) {
      const org = await startOrgHarness();
      orgs.push(org);
      for (const day of generated) {
        const lost = day.ctrs.filter((c) => day.neverArchived.has(String(c.ContactId)));
        await org.sim.seedFromCtrs(
          day.ctrs.filter((c) => !day.neverArchived.has(String(c.ContactId))),
          { lostSyncFraction: 0.08, seed: day.seed },
        );
        await org.sim.seedFromCtrs(lost, { lostSyncFraction: 1, seed: day.seed });
      }
      const archiveStore = new CountingArchiveStore(store('archive/'));
      const ledgerStore = new CountingArchiveStore(store(variant.startsWith('before') ? 'ledger-before/' : 'ledger-after/'));
      const archive = new CtrArchive(archiveStore);
      const modes = [...Array.from({ length: runs }, () => 'missing' as const), 'diff' as const, 'diff' as const];
      for (const [index, mode] of modes.entries()) {
        const run = index + 1;
        const before = sum(archiveStore.counts, ledgerStore.counts);
        const t0 = performance.now();
        const report = await runReconcile(
          { reader: org.reader, writer: org.writer, archive, ledger: new ResyncLedger(ledgerStore), now: () => NOW },
          {
            ...WINDOW,
            graceMs: 30 * 60_000,
            mode,
            predicateSoql: predicateToSoql(),
            ratePerSecond: 200,
            concurrency: 8,
            verifyIntervalMs: 200,
            verifyTimeoutMs: 30_000,
            keepRecords: false,
            decisionCache: variant.startsWith('after'),
          },
        );
        const requests = minus(sum(archiveStore.counts, ledgerStore.counts), before);
        const total = requests.get + requests.list + requests.put + requests.exists;
        const { candidates, patchesSent, ...outcomes } = report.summary;
        rows.push({
          variant,
          run,
          mode,
          candidates,
          outcomes: Object.fromEntries(Object.entries(outcomes).filter(([, n]) => n > 0)),
          requests: { ...requests, total },
          perCandidate: candidates === 0 ? 0 : total / candidates,
          patchesSent,
          seconds: (performance.now() - t0) / 1000,
        });
      }
    }
    const header =
      '| variant | run | mode | candidates | excluded | no CTR | fixed | in sync / already | GET | LIST | PUT | HEAD | S3 requests | per candidate |';
    const lines = [header, '| --- | --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |'];
    for (const r of rows) {
      const fixed = (r.outcomes['resynced-confirmed'] ?? 0) + (r.outcomes['resynced-unconfirmed'] ?? 0);
      lines.push(
        `| ${r.variant} | ${r.run} | ${r.mode} | ${r.candidates} | ${r.outcomes.excluded ?? 0} | ${r.outcomes['no-archived-ctr'] ?? 0} | ${fixed} | ${(r.outcomes['in-sync'] ?? 0) + (r.outcomes['already-resynced'] ?? 0)} | ${r.requests.get} | ${r.requests.list} | ${r.requests.put} | ${r.requests.exists} | ${r.requests.total} | ${r.perCandidate.toFixed(2)} |`,
      );
    }
    const wall = (performance.now() - started) / 1000;
    process.stdout.write(
      `${days} days × ${perDay} records, ${archived} CTR versions archived into s3rver; ${runs} missing-mode + 2 diff-mode runs per variant; ${wall.toFixed(1)} s\n`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    const result = {
      command: `node --import tsx bench/decisionCache.ts --days ${days} --per-day ${perDay} --runs ${runs}`,
      machine: { cpus: cpus().length, node: process.version },
      scenario: { days, perDay, archived, runs },
      wallSeconds: wall,
      rows,
    };
    writeFileSync(new URL('./results/decision-cache.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const org of orgs) await org.close();
    await s3.stop();
    s3.removeData();
  }
}

await main();
