import { Command, Option } from 'commander';
import { buildReconcileDeps } from '../../config/buildReconcileDeps.ts';
import { parseReconcileConfig, RUN_DEFAULTS, RUN_LIMITS } from '../../config/reconcileConfig.ts';
import { DEFAULT_PREDICATE } from '../../reconcile/candidatePredicate.ts';
import type { ReconcileMode } from '../../reconcile/planCandidate.ts';
import { reportSucceeded } from '../../reconcile/ReconcileReport.ts';
import { runReconcile } from '../../reconcile/runReconcile.ts';
import type { CliIo } from '../CliIo.ts';
import { CliExit } from '../CliExit.ts';
import { EXIT } from '../exitCodes.ts';
import { formatDryRun, formatReport } from '../formatReport.ts';
import { wholeNumber } from '../parsers.ts';
import { checkArchiveReachable } from '../checkArchiveReachable.ts';
import { createProgress } from '../progress.ts';
import { writePrivateFile } from '../writePrivateFile.ts';

interface ReconcileFlags {
  since?: string;
  contactId?: string;
  voiceCallId?: string;
  until?: string;
  grace: string;
  mode: ReconcileMode;
  predicate: string;
  dryRun?: boolean;
  report?: string;
  retryUnconfirmed?: boolean;
  verifyTimeout: string;
  concurrency: number;
  rate: number;
  archive?: string;
  json?: boolean;
}

/** `ctr-resync reconcile`: find VoiceCalls missing CTR data (or stale), resync, verify, report. */
function reconcileCommand(io: CliIo): Command {
  return new Command('reconcile')
    .description(
      'Find VoiceCalls whose CTR sync was lost (or went stale), re-apply the newest archived CTR exactly as SCV would, once per CTR version, and verify it landed.',
    )
    .option(
      '--since <time>',
      'start of the CallStartDateTime window: ISO time with a zone (2026-11-20T00:00:00Z) or a duration before now (7d, 36h); required unless --contact-id or --voice-call-id is given',
    )
    .option('--until <time>', 'end of the window (exclusive): ISO time with a zone or a duration before now', undefined)
    .option('--grace <duration>', 'leave calls that started less than this long ago alone (they may be live); at most 30d', RUN_LIMITS.grace.default)
    .addOption(
      new Option('--mode <mode>', 'missing: calls lacking CTR data; diff: every call compared with its newest archived CTR')
        .choices(['missing', 'diff'])
        .default('missing'),
    )
    .option('--predicate <condition>', 'what "lacks CTR data" means in missing mode', DEFAULT_PREDICATE)
    .option('--dry-run', 'write nothing; print each field that would be set, with its current value')
    .option('--report <file.json>', 'write the full report (summary + one entry per candidate) as JSON')
    .option('--retry-unconfirmed', 'send again the versions whose earlier PATCH was never confirmed (the only way a version is sent twice)')
    .option('--verify-timeout <duration>', 'how long to wait for each PATCH to land (1s to 6h)', RUN_LIMITS.verifyTimeout.default)
    .option('--concurrency <n>', 'PATCHes in flight', wholeNumber(RUN_LIMITS.concurrency.min, RUN_LIMITS.concurrency.max), RUN_DEFAULTS.concurrency)
    .option(
      '--rate <n>',
      "PATCHes per second at most, the budget shared with live SCV traffic (halved on a 429 storm); 1 to 500, warns above SCV's documented 50",
      wholeNumber(RUN_LIMITS.rate.min, RUN_LIMITS.rate.max),
      RUN_DEFAULTS.rate,
    )
    .option('--contact-id <ids>', 'reconcile exactly the VoiceCalls of these ContactIds (comma-separated), ignoring the window')
    .option('--voice-call-id <ids>', 'reconcile exactly these VoiceCalls (comma-separated Ids), ignoring the window')
    .option('--archive <location>', 's3://bucket/prefix or a local folder (default: $CTR_ARCHIVE)')
    .option('--json', 'print the report as JSON instead of the summary')
    .addHelpText(
      'after',
      `
Settings come from the environment (see the README): CTR_ARCHIVE, SF_LOGIN_URL, SF_CLIENT_ID,
SF_USERNAME + SF_PRIVATE_KEY_FILE (JWT bearer) or SF_CLIENT_SECRET (client credentials), SF_API_VERSION,
SCV_WRITER (telephony|lambda), SCRT_BASE_URL, SCV_ORG_ID, SCV_CALL_CENTER_API_NAME, SCV_PRIVATE_KEY_FILE,
ITIA_FUNCTION_ARN, CTR_ARCHIVE_S3_FORCE_PATH_STYLE. Flags override the environment (--archive over
CTR_ARCHIVE). Secrets are read from files, never from flags.

Examples:
  $ ctr-resync reconcile --since 7d --dry-run
  $ ctr-resync reconcile --since 2026-11-01T00:00:00Z --until 2026-11-08T00:00:00Z --report week.json
  $ ctr-resync reconcile --since 3d --mode diff
  $ ctr-resync reconcile --since 7d --retry-unconfirmed
  $ ctr-resync reconcile --contact-id 4f0b8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b

Exit status 0 only when nothing failed, nothing is unconfirmed and every call named by --contact-id or
--voice-call-id was found.`,
    )
    .action(async (flags: ReconcileFlags) => {
      const config = parseReconcileConfig({ env: io.env, flags, now: io.now() });
      const { run } = config;
      for (const warning of config.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
      const deps = buildReconcileDeps(config);
      await checkArchiveReachable(deps.archive, config.archive.location, flags.archive === undefined ? 'CTR_ARCHIVE' : '--archive');
      const progress = createProgress(io, { label: run.dryRun ? 'reconcile (dry run)' : 'reconcile', quiet: flags.json === true });
      const report = await runReconcile(
        {
          ...deps,
          now: () => io.now(),
          onProgress: (done, s) =>
            progress.update(done, { confirmed: s['resynced-confirmed'], excluded: s.excluded, 'no-ctr': s['no-archived-ctr'], failed: s.failed }),
        },
        {
          from: run.from,
          to: run.to,
          graceMs: run.graceMs,
          mode: run.mode,
          predicateSoql: run.predicateSoql,
          dryRun: run.dryRun,
          retryUnconfirmed: run.retryUnconfirmed,
          verifyTimeoutMs: run.verifyTimeoutMs,
          concurrency: run.concurrency,
          ratePerSecond: run.ratePerSecond,
          ...(run.only ? { only: run.only } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
        },
      );
      progress.stop();
      // Reports name VoiceCalls and contacts: readable by the owner only. An interrupted run's is partial.
      if (flags.report) writePrivateFile(flags.report, `${JSON.stringify(report, null, 2)}\n`);
      if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        if (flags.dryRun) io.stdout.write(formatDryRun(report));
        io.stdout.write(formatReport(report));
        if (flags.report) io.stdout.write(`  report written to ${flags.report}\n`);
      }
      if (report.stopped?.code === 'INTERRUPTED') {
        io.stderr.write(`${report.stopped.message}\n`);
        throw new CliExit(EXIT.interrupted);
      }
      if (report.stopped) {
        io.stderr.write(`error: ${report.stopped.message}\n`);
        throw new CliExit(EXIT.unavailable);
      }
      if (!reportSucceeded(report)) throw new CliExit(EXIT.failures);
    });
}

export { reconcileCommand };
