// One scheduled run of one approach, in its own process so that its peak RSS is its own. Started by
// bench/reconcileVsGuide.ts; prints one line `RESULT <json>` on stdout and exits.
//
//   node --import tsx bench/runOne.ts <reconcile|guide|guide-bugs-fixed|noop> <config.json>
//
// The config file (written by the parent, mode 0600, removed afterwards) names the org simulator,
// its credentials, the CTR archive folder and the ledger folder.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CtrArchive } from '../src/archive/CtrArchive.ts';
import { FsArchiveStore } from '../src/archive/FsArchiveStore.ts';
import { S3ArchiveStore } from '../src/archive/S3ArchiveStore.ts';
import { predicateToSoql } from '../src/reconcile/candidatePredicate.ts';
import { ResyncLedger } from '../src/reconcile/ResyncLedger.ts';
import { runReconcile } from '../src/reconcile/runReconcile.ts';
import { SalesforceClient } from '../src/salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../src/salesforce/SoqlVoiceCallReader.ts';
import type { SimulatorCredentials } from '@ctr-resync/org-simulator';
import { TelephonyApiVoiceCallWriter } from '../src/writers/TelephonyApiVoiceCallWriter.ts';
import { GUIDE_AS_WRITTEN, GUIDE_BUGS_FIXED, guideRetryCtrSync } from './baselines/guideRetryCtrSync.ts';
import { CountingArchiveStore } from './CountingArchiveStore.ts';

/** What the parent tells a run. */
interface RunOneConfig {
  readonly simUrl: string;
  /** REST API version without the `v`, e.g. `61.0`. */
  readonly apiVersion: string;
  readonly credentials: SimulatorCredentials;
  /** Folder of the CTR archive (reconcile writes only its decision manifests under decisions/ there). */
  readonly archiveRoot: string;
  /** Folder of reconcile's resync ledger (kept across the runs of one approach). */
  readonly ledgerRoot: string;
  /** Reconcile's window start (ISO); the end is "now minus grace", as the CLI does. */
  readonly windowFrom: string;
  readonly graceMs: number;
  readonly reconcile: { readonly ratePerSecond: number; readonly concurrency: number };
  /**
   * Read the archive (and keep reconcile's ledger) in S3 instead of the folders above: the bucket
   * and prefix at this endpoint (bench/repairScale.ts points it at a latency proxy in front of the
   * local S3 server). The ledger lives in the archive, as in production.
   */
  readonly s3?: { readonly endpoint: string; readonly bucket: string; readonly prefix: string };
}

/** What a run prints. */
interface RunOneResult {
  readonly approach: string;
  readonly wallMs: number;
  /** `process.resourceUsage().maxRSS`, KiB: this process's peak resident set. */
  readonly maxRssKiB: number;
  /** CPU time this process used (user + system), ms: near `wallMs` means the run was CPU-bound. */
  readonly cpuMs?: number;
  readonly archiveOps: { readonly get: number; readonly list: number; readonly put: number; readonly exists: number };
  readonly ledgerOps?: { readonly get: number; readonly list: number; readonly put: number; readonly exists: number };
  readonly detail: unknown;
}

const APPROACHES = ['reconcile', 'guide', 'guide-bugs-fixed', 'noop'] as const;
type Approach = (typeof APPROACHES)[number];

/** The local S3 server's store (its fixed test credentials; path-style URLs). */
function s3Store(s3: NonNullable<RunOneConfig['s3']>): S3ArchiveStore {
  return new S3ArchiveStore({
    bucket: s3.bucket,
    prefix: s3.prefix,
    clientConfig: {
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
  });
}

async function runApproach(approach: Approach, config: RunOneConfig): Promise<Omit<RunOneResult, 'approach' | 'wallMs' | 'maxRssKiB'>> {
  const archiveStore = new CountingArchiveStore(config.s3 ? s3Store(config.s3) : new FsArchiveStore({ root: config.archiveRoot }));
  const archive = new CtrArchive(archiveStore);
  const { connectedApp, contactCenter } = config.credentials;
  const scrtBaseUrl = `${config.simUrl}/telephony/v1`;
  if (approach === 'noop') return { archiveOps: archiveStore.counts, detail: null };
  if (approach === 'reconcile') {
    const ledgerStore = new CountingArchiveStore(config.s3 ? s3Store(config.s3) : new FsArchiveStore({ root: config.ledgerRoot }));
    const client = new SalesforceClient({
      loginUrl: config.simUrl,
      apiVersion: config.apiVersion,
      auth: { grant: 'jwt-bearer', clientId: connectedApp.clientId, username: connectedApp.username, privateKeyPem: connectedApp.privateKeyPem },
    });
    const writer = new TelephonyApiVoiceCallWriter({
      scrtBaseUrl,
      orgId: contactCenter.orgId,
      callCenterApiName: contactCenter.callCenterApiName,
      privateKeyPem: contactCenter.privateKeyPem,
    });
    const report = await runReconcile(
      { reader: new SoqlVoiceCallReader(client), writer, archive, ledger: new ResyncLedger(ledgerStore) },
      {
        from: new Date(config.windowFrom),
        to: new Date(),
        graceMs: config.graceMs,
        mode: 'missing',
        predicateSoql: predicateToSoql(),
        ratePerSecond: config.reconcile.ratePerSecond,
        concurrency: config.reconcile.concurrency,
      },
    );
    return {
      archiveOps: archiveStore.counts,
      ledgerOps: ledgerStore.counts,
      detail: { summary: report.summary, client: client.stats, writer: writer.stats },
    };
  }
  const result = await guideRetryCtrSync(
    {
      loginUrl: config.simUrl,
      apiVersion: `v${config.apiVersion}`,
      connectedApp,
      scrtBaseUrl,
      contactCenter,
      getObject: async (key) => {
        const [newest] = await archive.versions(key);
        if (newest === undefined) throw new Error('NoSuchKey: The specified key does not exist.');
        return (await archiveStore.get(newest.key)).toString('utf8');
      },
    },
    approach === 'guide' ? GUIDE_AS_WRITTEN : GUIDE_BUGS_FIXED,
  );
  return { archiveOps: archiveStore.counts, detail: result };
}

async function main(): Promise<void> {
  const [approach, configPath] = process.argv.slice(2);
  if (!APPROACHES.includes(approach as Approach) || configPath === undefined) {
    process.stderr.write(`usage: node --import tsx bench/runOne.ts <${APPROACHES.join('|')}> <config.json>\n`);
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as RunOneConfig;
  const started = performance.now();
  const outcome = await runApproach(approach as Approach, config);
  const wallMs = performance.now() - started;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  const result: RunOneResult = { approach: approach as string, wallMs, maxRssKiB: usage.maxRSS, cpuMs, ...outcome };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

await main();

export type { RunOneConfig, RunOneResult };
