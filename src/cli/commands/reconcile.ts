import type { WriteStream } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError } from '../../errors.ts';
import { buildReconcileDeps } from '../../config/buildReconcileDeps.ts';
import { parseReconcileConfig, RUN_DEFAULTS, RUN_LIMITS } from '../../config/reconcileConfig.ts';
import { DEFAULT_PREDICATE } from '../../reconcile/candidatePredicate.ts';
import type { ReconcileMode } from '../../reconcile/planCandidate.ts';
import { type RecordResult, reportSucceeded } from '../../reconcile/ReconcileReport.ts';
import { ReportDigest } from '../../reconcile/ReportDigest.ts';
import { runReconcile } from '../../reconcile/runReconcile.ts';
import { createJsonLineLogger } from '../../logging/createJsonLineLogger.ts';
import type { CliIo } from '../CliIo.ts';
import { CliExit } from '../CliExit.ts';
import { EXIT } from '../exitCodes.ts';
import { formatDryRunRecord, formatReport } from '../formatReport.ts';
import { openReportWriter, stdoutStream } from '../openReportWriter.ts';
import { wholeNumber } from '../parsers.ts';
import { checkArchiveReachable } from '../checkArchiveReachable.ts';
import { createReconcileProgress } from '../reconcileProgress.ts';
import { openPrivateWriteStream } from '../writePrivateFile.ts';

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
  format?: string;
  verbose?: boolean;
}

/** Opens the `--report` file before the run starts, so a path that cannot be written is a flag error (exit 2), not a lost report. */
function openReportFile(path: string): WriteStream {
  try {
    return openPrivateWriteStream(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new ConfigError('--report', `--report could not be created (${code}): give a file in an existing folder you can write to`);
  }
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
    .option(
      '--report <file>',
      'stream the report to a file as it runs; the extension picks the format: .json (one document: records + summary), .ndjson (a line per record, then a summary line), .csv (a row per candidate)',
    )
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
    .option('--format <format>', 'stdout: text (the summary), json (the report, streamed) or csv (a row per candidate; the summary goes to stderr)')
    .option('--json', 'the same as --format json')
    .option(
      '--verbose',
      'structured JSON logs on stderr: settings, pages, each PATCH (VoiceCall Id, status), verify polls, the end (never a phone number or field value)',
    )
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
  $ ctr-resync reconcile --since 7d --report run.csv --verbose 2> run.log
  $ ctr-resync reconcile --since 3d --mode diff
  $ ctr-resync reconcile --since 7d --retry-unconfirmed
  $ ctr-resync reconcile --contact-id 4f0b8a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b

Exit status 0 only when nothing failed, nothing is unconfirmed and every call named by --contact-id or
--voice-call-id was found.`,
    )
    .action(async (flags: ReconcileFlags) => {
      const config = parseReconcileConfig({ env: io.env, flags, now: io.now() });
      const { run, output } = config;
      for (const warning of config.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
      const log = output.verbose
        ? createJsonLineLogger(
            (line) => io.stderr.write(line),
            () => io.now(),
          )
        : undefined;
      log?.info('Reconcile settings', {
        archive: config.archive.location,
        salesforceLoginUrl: config.salesforce.loginUrl,
        apiVersion: config.salesforce.apiVersion,
        salesforceGrant: config.salesforce.auth.grant,
        writer: config.writer.kind,
        stdout: output.stdout,
        ...(output.file ? { reportFormat: output.file.format } : {}),
      });
      const deps = buildReconcileDeps(config);
      await checkArchiveReachable(deps.archive, config.archive.location, flags.archive === undefined ? 'CTR_ARCHIVE' : '--archive');
      // Reports name VoiceCalls and contacts: readable by the owner only. An interrupted run's is partial.
      const fileStream = output.file ? openReportFile(output.file.path) : undefined;
      const fileReport = output.file && fileStream ? openReportWriter(output.file.format, fileStream) : undefined;
      const stdoutReport = output.stdout === 'text' ? undefined : openReportWriter(output.stdout, stdoutStream(io));
      const digest = new ReportDigest();
      const onRecord = async (record: RecordResult): Promise<void> => {
        digest.add(record);
        if (run.dryRun && output.stdout === 'text') io.stdout.write(formatDryRunRecord(record));
        await fileReport?.write(record);
        await stdoutReport?.write(record);
      };
      const progress = createReconcileProgress(io, { label: run.dryRun ? 'reconcile (dry run)' : 'reconcile', quiet: output.stdout !== 'text' });
      const report = await runReconcile(
        { ...deps, now: () => io.now(), onProgress: (p) => progress.update(p), onRecord, ...(log ? { log } : {}) },
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
          keepRecords: false,
          ...(run.only ? { only: run.only } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
        },
      )
        .catch((error: unknown) => {
          // The run failed outright (no report to close): release the file, as far as it was written.
          fileStream?.destroy();
          throw error;
        })
        .finally(() => progress.stop());
      await fileReport?.close(report);
      await stdoutReport?.close(report);
      if (output.stdout !== 'json') {
        const summary = `${formatReport(report, digest)}${output.file ? `  report written to ${output.file.path}\n` : ''}`;
        // With CSV rows on stdout, the summary goes to stderr.
        if (output.stdout === 'csv') io.stderr.write(summary);
        else io.stdout.write(summary);
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
