import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { openArchiveFromSetting } from '../../config/archiveLocation.ts';
import { parseTimeOrAgo } from '../../config/durations.ts';
import { loadSalesforceSettings } from '../../config/reconcileSettings.ts';
import { computeCoverage } from '../../coverage/computeCoverage.ts';
import { formatCoverageTable } from '../../coverage/formatCoverageTable.ts';
import { renderCoverageHtml } from '../../coverage/renderCoverageHtml.ts';
import { ConfigError } from '../../errors.ts';
import { DEFAULT_PREDICATE, predicateToSoql } from '../../reconcile/candidatePredicate.ts';
import { SalesforceClient } from '../../salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../../salesforce/SoqlVoiceCallReader.ts';
import type { CliIo } from '../CliIo.ts';

/** `ctr-resync report`: sync coverage per day, as a table, JSON or a self-contained HTML page. */
function reportCommand(io: CliIo): Command {
  return new Command('report')
    .description('Sync coverage per day: VoiceCalls, with CTR data, missing CTR data, fixable from the archive, archived CTRs with no VoiceCall, quarantined records.')
    .requiredOption('--since <time>', 'start of the window: ISO time or a duration before now (7d)')
    .option('--until <time>', 'end of the window (exclusive): ISO time or a duration before now')
    .option('--predicate <condition>', 'what "missing CTR data" means', DEFAULT_PREDICATE)
    .option('--html <file>', 'also write a self-contained HTML page with a chart')
    .option('--json', 'print the report as JSON instead of the table')
    .option('--archive <location>', 's3://bucket/prefix or a local folder (default: $CTR_ARCHIVE)')
    .addHelpText('after', `
Reads only; needs the archive and the Salesforce settings (CTR_ARCHIVE, SF_LOGIN_URL, SF_CLIENT_ID,
SF_USERNAME + SF_PRIVATE_KEY_FILE or SF_CLIENT_SECRET), not the VoiceCall writer's.

Examples:
  $ ctr-resync report --since 7d
  $ ctr-resync report --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z --html coverage.html
  $ ctr-resync report --since 30d --json | jq '.totals'`)
    .action(async (flags: { since: string; until?: string; predicate: string; html?: string; json?: boolean; archive?: string }) => {
      const now = io.now();
      const from = parseTimeOrAgo(flags.since, '--since', now);
      const to = flags.until ? parseTimeOrAgo(flags.until, '--until', now) : now;
      if (from.getTime() >= to.getTime()) throw new ConfigError('--since', `--since (${from.toISOString()}) must be before --until (${to.toISOString()})`);
      const predicateSoql = predicateToSoql(flags.predicate);
      const env = flags.archive ? { ...io.env, CTR_ARCHIVE: flags.archive } : io.env;
      const settings = loadSalesforceSettings(env);
      const archive = openArchiveFromSetting(settings.archive, env, 'CTR_ARCHIVE');
      const reader = new SoqlVoiceCallReader(new SalesforceClient({ loginUrl: settings.salesforce.loginUrl, apiVersion: settings.salesforce.apiVersion, auth: settings.salesforce.auth }));
      const report = await computeCoverage({ reader, archive, now: () => io.now() }, { from, to, predicateSoql });
      if (flags.html) writeFileSync(flags.html, renderCoverageHtml(report));
      if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        io.stdout.write(formatCoverageTable(report));
        if (flags.html) io.stdout.write(`HTML report written to ${flags.html}\n`);
      }
    });
}

export { reportCommand };
