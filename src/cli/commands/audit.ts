import { ConnectClient } from '@aws-sdk/client-connect';
import { Command, Option } from 'commander';
import { auditContactsFromDataLake } from '../../audit/auditContactsFromDataLake.ts';
import { type AuditInputs, computeAudit } from '../../audit/computeAudit.ts';
import { formatAuditTable } from '../../audit/formatAuditTable.ts';
import { openArchive } from '../../config/archiveLocation.ts';
import { buildDataLakeSource } from '../../config/buildDataLakeSource.ts';
import { loadDataLakeSettings } from '../../config/dataLakeSettings.ts';
import { parseReportConfig } from '../../config/reconcileConfig.ts';
import { SearchContactsSource } from '../../datalake/SearchContactsSource.ts';
import { SalesforceClient } from '../../salesforce/SalesforceClient.ts';
import { SoqlVoiceCallReader } from '../../salesforce/SoqlVoiceCallReader.ts';
import type { CliIo } from '../CliIo.ts';
import { withDataLakeOptions } from '../dataLakeOptions.ts';
import { writePrivateFile } from '../writePrivateFile.ts';
import { renderAuditHtml } from '../../audit/renderAuditHtml.ts';

interface AuditFlags {
  since: string;
  until?: string;
  source: 'search-contacts' | 'data-lake';
  json?: boolean;
  html?: string;
  archive?: string;
  instanceId?: string;
  database?: string;
  table?: string;
  workgroup?: string;
  catalog?: string;
  athenaOutput?: string;
}

/**
 * `ctr-resync audit`: per UTC day, the contacts Connect knows against the archive and the
 * VoiceCalls (capture gaps, voice contacts with no VoiceCall, VoiceCalls with no contact).
 */
function auditCommand(io: CliIo): Command {
  return withDataLakeOptions(
    new Command('audit')
      .description('Completeness audit per UTC day: contacts Connect knows vs the archive vs VoiceCalls.')
      .requiredOption('--since <time>', 'start of the window: ISO time or a duration before now (7d)')
      .option('--until <time>', 'end of the window (exclusive): ISO time or a duration before now')
      .addOption(
        new Option('--source <source>', "Connect's side: SearchContacts (0.5 RPS) or the analytics data lake (Athena)")
          .choices(['search-contacts', 'data-lake'])
          .default('search-contacts'),
      )
      .option('--json', 'print the report as JSON')
      .option('--html <file>', 'also write a self-contained HTML page with a chart of the gaps per day')
      .option('--archive <location>', 's3://bucket/prefix or a local folder (default: $CTR_ARCHIVE)'),
  )
    .addHelpText(
      'after',
      `
Reads only. Needs the archive, the Salesforce settings (for VoiceCalls) and AWS credentials that may
call connect:SearchContacts or run Athena queries on the data lake. SearchContacts is paced to
0.5 requests per second: about 180,000 contacts an hour.

Examples:
  $ ctr-resync audit --since 7d --html audit.html
  $ ctr-resync audit --since 2026-11-01T00:00:00Z --until 2026-11-08T00:00:00Z --source data-lake --json`,
    )
    .action(async (flags: AuditFlags) => {
      const config = parseReportConfig({
        env: io.env,
        flags: { since: flags.since, ...(flags.until ? { until: flags.until } : {}), ...(flags.archive ? { archive: flags.archive } : {}) },
        now: io.now(),
      });
      const { from, to } = config.run;
      const dl = loadDataLakeSettings(io.env, flags);
      const archive = openArchive(config.archive.location, config.archive.s3);
      const reader = new SoqlVoiceCallReader(
        new SalesforceClient({ loginUrl: config.salesforce.loginUrl, apiVersion: config.salesforce.apiVersion, auth: config.salesforce.auth }),
      );
      const region = dl.region ? { region: dl.region } : {};
      let connectContacts: AuditInputs['connectContacts'];
      let close: () => void;
      if (flags.source === 'data-lake') {
        const { source, client } = buildDataLakeSource(dl);
        connectContacts = (piece) => auditContactsFromDataLake(source.records(piece));
        close = () => client.destroy();
      } else {
        const client = new ConnectClient({ ...region, ...(dl.connectEndpoint ? { endpoint: dl.connectEndpoint } : {}) });
        // One piece per day keeps each request's range to a day, so the audit's per-day sets stay exact.
        const source = new SearchContactsSource({ client, instanceId: dl.instanceId, maxRangeDays: 1 });
        connectContacts = (piece) => source.contacts(piece);
        close = () => client.destroy();
      }
      try {
        const report = await computeAudit(
          { connectContacts, archivedContacts: (piece) => archive.contactsInWindow(piece), voiceCalls: (piece) => reader.candidates(piece) },
          { from, to },
          { onDay: (d) => (flags.json ? undefined : io.stderr.write(`audited ${d.day}\n`)) },
        );
        if (flags.html) writePrivateFile(flags.html, renderAuditHtml(report, flags.source));
        if (flags.json) io.stdout.write(`${JSON.stringify({ source: flags.source, archive: archive.location, ...report }, null, 2)}\n`);
        else io.stdout.write(formatAuditTable(report, flags.source));
        if (flags.html && !flags.json) io.stdout.write(`HTML report written to ${flags.html}\n`);
      } finally {
        close();
      }
    });
}

export { auditCommand };
