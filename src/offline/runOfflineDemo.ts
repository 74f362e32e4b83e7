import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOrgSimulator } from '@ctr-resync/org-simulator';
import { generateContactCenterDay, syntheticLambdaContext, toKinesisBatches } from '@ctr-resync/org-simulator/offline';
import { CtrArchive } from '../archive/CtrArchive.ts';
import { FsArchiveStore } from '../archive/FsArchiveStore.ts';
import { buildReconcileDeps } from '../config/buildReconcileDeps.ts';
import { computeCoverage } from '../coverage/computeCoverage.ts';
import type { CoverageReport } from '../coverage/CoverageReport.ts';
import { renderCoverageHtml } from '../coverage/renderCoverageHtml.ts';
import { DEFAULT_REPAIR_DELAY_SECONDS } from '../config/repairSettings.ts';
import { createArchiveHandler } from '../lambda/createArchiveHandler.ts';
import { createRepairCheckerHandler } from '../lambda/createRepairCheckerHandler.ts';
import { predicateToSoql } from '../reconcile/candidatePredicate.ts';
import type { ReconcileReport } from '../reconcile/ReconcileReport.ts';
import { runReconcile } from '../reconcile/runReconcile.ts';
import { scvSync } from '../transform/scvSync.ts';
import { apiCallCounts, demoSettings } from './demoSimulatorSettings.ts';
import type { CheckerSummary, DataLakeSummary, DemoResult } from './DemoResult.ts';
import { InProcessRepairQueue } from './InProcessRepairQueue.ts';
import { runDataLakeRepair } from './runDataLakeRepair.ts';

/** Options of {@link runOfflineDemo}. */
interface DemoOptions {
  /** Folder for the archive and the reports (wiped first). */
  readonly workDir: string;
  /** Records on the simulated CTR stream. @default 5000 */
  readonly records?: number;
  /** Share of SCV syncs the simulation loses. @default 0.08 */
  readonly lostSyncFraction?: number;
  readonly seed?: number;
  readonly now?: Date;
  /** Called at each step with a one-line description. */
  readonly onStep?: (line: string) => void;
}

/** The demo delivers the checker's largest batch (one VoiceCall query each) to keep the run short; the stack's default is 10. */
const DEMO_CHECKER_BATCH = 200;
/** Invocations at once × PATCHes a second each stays within the simulator's 50 a second (SCV's limit). */
const DEMO_CHECKER_CONCURRENCY = 8;
const DEMO_CHECKER_RATE = 5;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The whole loop on one machine: a simulated day of CTRs flows through the archive Lambda's handler
 * in Kinesis-shaped batches into a local archive, enqueuing each voice contact for event-driven
 * repair; the org simulator plays Salesforce, with SCV's sync losing a share of the CTRs; after
 * the queue's (simulated) delivery delay the repair checker's handler repairs the lost ones; the
 * archive's consumer is off for a stretch (simulated), so the audit against Connect's data lake
 * (simulated Athena) finds those capture gaps and the import stores them as data-lake versions; then
 * reconcile finds, resyncs and verifies whatever is left (missing mode, then diff mode for stale
 * syncs), and coverage is measured before and after.
 */
async function runOfflineDemo(options: DemoOptions): Promise<DemoResult> {
  const step = options.onStep ?? (() => undefined);
  const now = options.now ?? new Date();
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  const day = dayStart.toISOString().slice(0, 10);
  const window = { from: dayStart, to: new Date(dayStart.getTime() + 86_400_000) };
  rmSync(options.workDir, { recursive: true, force: true });
  const archiveDir = join(options.workDir, 'archive');
  const archive = new CtrArchive(new FsArchiveStore({ root: archiveDir }));

  const generated = generateContactCenterDay({ day, records: options.records ?? 5000, seed: options.seed ?? 42 });
  const onStream = generated.records.filter((r) => !r.contactId || !generated.neverArchived.has(r.contactId));
  const batches = toKinesisBatches(
    onStream.map((r) => r.raw),
    { firstArrival: window.to.getTime() / 1000 - 3600 },
  );
  const totals = { ArchivedCtrs: 0, DuplicateCtrs: 0, QuarantinedRecords: 0, FailedRecords: 0 } as Record<string, number>;
  const metrics = {
    addMetric: (name: string, _unit: 'Count', value: number) => {
      totals[name] = (totals[name] ?? 0) + value;
    },
    publishStoredMetrics: () => undefined,
  };
  // The simulated clock of the repair queue: the stream's arrivals, then the delivery delay.
  let clock = window.to.getTime() - 3_600_000;
  const queue = new InProcessRepairQueue({
    delaySeconds: DEFAULT_REPAIR_DELAY_SECONDS,
    visibilityTimeoutSeconds: 720,
    maxReceiveCount: 5,
    now: () => clock,
  });
  const handler = createArchiveHandler({ archive, logger: quiet, metrics, enqueuer: queue });
  // A SIMULATED outage: the archive's stream consumer is off for two batches mid-day (SCV's own sync still reads them).
  const off = new Set([Math.floor(batches.length / 2), Math.floor(batches.length / 2) + 1].filter((i) => i < batches.length - 1));
  let failedBatches = 0;
  for (const [i, event] of batches.entries()) {
    if (off.has(i)) continue;
    const response = await handler(event, syntheticLambdaContext('ctr-archiver-demo')).catch(() => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })),
    }));
    failedBatches += response.batchItemFailures.length > 0 ? 1 : 0;
  }
  const capture = {
    records: onStream.length,
    batches: batches.length,
    archived: totals.ArchivedCtrs ?? 0,
    duplicate: totals.DuplicateCtrs ?? 0,
    quarantined: totals.QuarantinedRecords ?? 0,
    failed: totals.FailedRecords ?? 0,
    neverArchived: generated.neverArchived.size,
    consumerOff: { batches: off.size, records: [...off].reduce((n, i) => n + (batches[i]?.Records.length ?? 0), 0) },
  };
  step(
    `capture: ${capture.records} records in ${capture.batches} Kinesis batches → archive handler: archived ${capture.archived}, duplicate ${capture.duplicate}, quarantined ${capture.quarantined}, failed ${capture.failed}${failedBatches ? ` (${failedBatches} batches reported failures)` : ''}; the consumer was off (simulated) for ${capture.consumerOff.batches} batches (${capture.consumerOff.records} records)`,
  );

  const sim = await startOrgSimulator({
    scvSync,
    config: { applyDelayMs: { fixed: 300, jitter: 700 }, telephonyRatePerSecond: 50, seed: options.seed ?? 42 },
  });
  try {
    // CTRs that never reached the stream reached neither SCV's sync nor the archive.
    const streamed = generated.ctrs.filter((c) => !generated.neverArchived.has(c.ContactId as string));
    const seeded = await sim.seedFromCtrs(streamed, { lostSyncFraction: options.lostSyncFraction ?? 0.08, seed: options.seed ?? 42 });
    const unstreamed = await sim.seedFromCtrs(
      generated.ctrs.filter((c) => generated.neverArchived.has(c.ContactId as string)),
      { lostSyncFraction: 1 },
    );
    step(
      `org simulator: ${seeded.created + unstreamed.created} VoiceCalls created as SCV does at call start; SCV's CTR sync lost ${seeded.lost} of ${seeded.synced + seeded.lost} syncs; ${unstreamed.created} calls' CTRs never reached the stream`,
    );
    const adapters = buildReconcileDeps(demoSettings(sim, archiveDir));
    const predicateSoql = predicateToSoql();
    const before = await computeCoverage({ reader: adapters.reader, archive, now: () => now }, { ...window, predicateSoql });
    const expectedFixes = before.totals.fixableFromArchive;
    step(
      `detect: ${before.totals.missingCtrData} of ${before.totals.voiceCalls} VoiceCalls miss CTR data; ${before.totals.fixableFromArchive} are fixable from the archive`,
    );

    // Event-driven repair: the delay passes (simulated), then the checker takes the enqueued contacts.
    // Meanwhile, the second source: the audit finds the capture gaps in Connect's data lake (simulated) and
    // the import stores them as data-lake versions. Independent of the checker (which reads only captured
    // contacts), so both run at once and the checker's waits on SCV's apply hide the audit's reads.
    const [checker, lake] = await Promise.all([
      runChecker(queue, adapters, () => {
        clock += DEFAULT_REPAIR_DELAY_SECONDS * 1000;
      }),
      runDataLakeRepair({ ctrs: generated.ctrs, window, archive, reader: adapters.reader, now }),
    ]);
    step(
      `repair checker, ${checker.delaySeconds / 60} minutes (simulated) after the calls: ${checker.delivered} enqueued voice contacts checked, ${checker.repaired} VoiceCalls repaired and confirmed, ${checker.alreadySynced} already synced by SCV, ${checker.retried} left for a retry`,
    );
    step(
      `audit (data lake, simulated Athena; alongside the checker): ${lake.audit.connectContacts} contacts known to Connect, ${lake.audit.captureGaps} missing from the archive; import-data-lake stored ${lake.imported.stored} rebuilt versions of them (${lake.imported.undecidable} undecidable, not stored)`,
    );

    const common = {
      ...window,
      graceMs: 30 * 60_000,
      predicateSoql,
      concurrency: 16,
      ratePerSecond: 40,
      verifyIntervalMs: 500,
      verifyTimeoutMs: 30_000,
    };
    const missing = await runReconcile({ ...adapters, now: () => now }, { ...common, mode: 'missing' });
    step(
      `resync + verify (missing mode): ${missing.summary['resynced-confirmed']} confirmed, ${missing.summary['resynced-unconfirmed']} unconfirmed, ${missing.summary.excluded} excluded by SCV rules, ${missing.summary['no-archived-ctr']} with no archived CTR, ${missing.summary.failed} failed`,
    );
    const diff = await runReconcile({ ...adapters, now: () => now }, { ...common, mode: 'diff' });
    step(`resync + verify (diff mode, stale syncs): ${diff.summary['resynced-confirmed']} confirmed, ${diff.summary['in-sync']} already in sync`);
    const fromLake = missing.records.filter((r) => r.ctrSource === 'data-lake');
    const dataLake: DataLakeSummary = {
      contacts: lake.rows,
      auditMissingFromArchive: lake.audit.captureGaps,
      imported: lake.imported.stored,
      undecidable: lake.imported.undecidable,
      repaired: fromLake.filter((r) => r.outcome === 'resynced-confirmed').length,
      partial: fromLake.filter((r) => r.outcome === 'resynced-confirmed' && r.partial).length,
      excluded: fromLake.filter((r) => r.outcome === 'excluded').length,
    };
    step(
      `repaired from the data lake (no captured CTR): ${dataLake.repaired} confirmed (${dataLake.partial} partial), ${dataLake.excluded} excluded by SCV rules`,
    );
    const after = await computeCoverage({ reader: adapters.reader, archive, now: () => now }, { ...window, predicateSoql });

    const reconcileFile = join(options.workDir, 'reconcile-report.json');
    const coverageFile = join(options.workDir, 'coverage.html');
    writeReports(reconcileFile, coverageFile, { missing, diff }, after);
    // Every call left without an archived CTR must be one the data lake could not decide (a voicemail without Recordings).
    const unrepaired = missing.records.filter((r) => r.outcome === 'no-archived-ctr' && !lake.undecidableContactIds.has(r.vendorCallKey ?? ''));
    const succeeded =
      checker.repaired + missing.summary['resynced-confirmed'] - dataLake.repaired === expectedFixes &&
      unrepaired.length === 0 &&
      missing.summary.failed + missing.summary['resynced-unconfirmed'] + diff.summary.failed + diff.summary['resynced-unconfirmed'] === 0 &&
      after.totals.fixableFromArchive === 0;
    return {
      day,
      capture,
      seeded: { voiceCalls: seeded.created + unstreamed.created, lostSyncs: seeded.lost },
      before: before.totals,
      after: after.totals,
      expectedFixes,
      checker,
      dataLake,
      missing,
      diff,
      apiCalls: apiCallCounts(sim),
      reportFiles: { reconcile: reconcileFile, coverage: coverageFile },
      coverageReport: after,
      succeeded,
    };
  } finally {
    await sim.close();
  }
}

/** Lets the delay pass, then delivers every visible repair message to the checker Lambda's handler. */
async function runChecker(
  queue: InProcessRepairQueue,
  adapters: ReturnType<typeof buildReconcileDeps>,
  waitDelay: () => void,
): Promise<CheckerSummary> {
  const enqueued = queue.sent;
  const repaired = new Set<string>();
  const totals: Record<string, number> = {};
  const handler = createRepairCheckerHandler({
    adapters: async () => adapters,
    options: { mode: 'missing', ratePerSecond: DEMO_CHECKER_RATE, verifyTimeoutMs: 30_000, verifyIntervalMs: 200 },
    logger: quiet,
    metrics: {
      addMetric: (name: string, _unit: 'Count', value: number) => {
        totals[name] = (totals[name] ?? 0) + value;
      },
      publishStoredMetrics: () => undefined,
    },
    onChecks: (checks) => {
      for (const check of checks) for (const r of check.records) if (r.outcome === 'resynced-confirmed') repaired.add(r.voiceCallId);
    },
  });
  waitDelay();
  const context = syntheticLambdaContext('ctr-repair-checker-demo');
  const delivered = await queue.drain(DEMO_CHECKER_BATCH, DEMO_CHECKER_CONCURRENCY, (event) => handler(event, context));
  return {
    enqueued,
    delaySeconds: DEFAULT_REPAIR_DELAY_SECONDS,
    delivered,
    repaired: repaired.size,
    alreadySynced: totals.RepairAlreadySynced ?? 0,
    retried: (totals.RepairVoiceCallNotFound ?? 0) + (totals.RepairFailed ?? 0) + (totals.RepairMalformedMessages ?? 0),
    patchesSent: totals.RepairPatchesSent ?? 0,
  };
}

function writeReports(
  reconcileFile: string,
  coverageFile: string,
  runs: { missing: ReconcileReport; diff: ReconcileReport },
  coverage: CoverageReport,
): void {
  writeFileSync(reconcileFile, `${JSON.stringify(runs, null, 2)}\n`);
  writeFileSync(coverageFile, renderCoverageHtml(coverage));
}

export { runOfflineDemo };
export type { CheckerSummary, DataLakeSummary, DemoOptions, DemoResult };
