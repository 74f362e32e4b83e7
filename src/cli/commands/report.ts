import { Command } from 'commander';
import { openArchive } from '../../config/archiveLocation.ts';
import { parseReportConfig } from '../../config/reconcileConfig.ts';
import { computeCoverage } from '../../coverage/computeCoverage.ts';
import { formatCoverageTable } from '../../coverage/formatCoverageTable.ts';
import { renderCoverageHtml } from '../../coverage/renderCoverageHtml.ts';
import { DEFAULT_PREDICATE } from '../../reconcile/candidatePredicate.ts';
import { SalesforceClient } from '../../salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../../salesforce/SoqlVoiceCallReader.ts';
import { checkArchiveReachable } from '../checkArchiveReachable.ts';
import type { CliIo } from '../CliIo.ts';
import { writePrivateFile } from '../writePrivateFile.ts';

/** `ctr-resync report`: sync coverage per day, as a table, JSON or a self-contained HTML page. */
function reportCommand(io: CliIo): Command {
  return new Command('report')
    .description(
      'Sync coverage per day: VoiceCalls, with CTR data, missing CTR data, fixable from the archive, archived CTRs with no VoiceCall, quarantined records.',
    )
    .requiredOption('--since <time>', 'start of the window: ISO time with a zone (2026-11-20T00:00:00Z) or a duration before now (7d)')
    .option('--until <time>', 'end of the window (exclusive): ISO time with a zone or a duration before now')
    .option('--predicate <condition>', 'what "missing CTR data" means', DEFAULT_PREDICATE)
    .option('--html <file>', 'also write a self-contained HTML page with a chart')
    .option('--json', 'print the report as JSON instead of the table')
    .option('--archive <location>', 's3://bucket/prefix or a local folder (default: $CTR_ARCHIVE)')
    .addHelpText(
      'after',
      `
Reads only; needs the archive and the Salesforce settings (CTR_ARCHIVE, SF_LOGIN_URL, SF_CLIENT_ID,
SF_USERNAME + SF_PRIVATE_KEY_FILE or SF_CLIENT_SECRET), not the VoiceCall writer's.

Examples:
  $ ctr-resync report --since 7d
  $ ctr-resync report --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z --html coverage.html
  $ ctr-resync report --since 30d --json | jq '.totals'`,
    )
    .action(async (flags: { since: string; until?: string; predicate: string; html?: string; json?: boolean; archive?: string }) => {
      const config = parseReportConfig({ env: io.env, flags, now: io.now() });
      const archive = openArchive(config.archive.location, config.archive.s3);
      await checkArchiveReachable(archive, config.archive.location, flags.archive === undefined ? 'CTR_ARCHIVE' : '--archive');
      const reader = new SoqlVoiceCallReader(
        new SalesforceClient({ loginUrl: config.salesforce.loginUrl, apiVersion: config.salesforce.apiVersion, auth: config.salesforce.auth }),
      );
      const report = await computeCoverage(
        { reader, archive, now: () => io.now() },
        { from: config.run.from, to: config.run.to, predicateSoql: config.run.predicateSoql },
      );
      if (flags.html) writePrivateFile(flags.html, renderCoverageHtml(report));
      if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        io.stdout.write(formatCoverageTable(report));
        if (flags.html) io.stdout.write(`HTML report written to ${flags.html}\n`);
      }
    });
}

export { reportCommand };
