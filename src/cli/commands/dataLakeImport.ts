import { Command } from 'commander';
import { buildDataLakeSource } from '../../config/buildDataLakeSource.ts';
import { loadDataLakeSettings } from '../../config/dataLakeSettings.ts';
import { parseWindow } from '../../config/reconcileConfig.ts';
import { canEvaluateExclusion } from '../../datalake/contactRecordToCtr.ts';
import type { CliIo } from '../CliIo.ts';
import { withDataLakeOptions } from '../dataLakeOptions.ts';

interface ImportFlags {
  since: string;
  until?: string;
  json?: boolean;
  instanceId?: string;
  database?: string;
  table?: string;
  workgroup?: string;
  catalog?: string;
  athenaOutput?: string;
}

/** What a data-lake read found (counts and field names only: no values). */
interface DataLakeImportSummary {
  rows: number;
  invalid: number;
  complete: number;
  partial: number;
  /** Rows whose SCV exclusion cannot be evaluated (must never be sent). */
  undecidable: number;
  approximated: number;
  /** Missing CTR field → rows missing it. */
  missingFields: Record<string, number>;
  distinctContacts: number;
}

/**
 * `ctr-resync archive import-data-lake` (a sub-command of `archive`): reads the window from the analytics data lake through Athena
 * and reports what it could rebuild. It stores nothing yet: rebuilt versions need the separate key
 * scheme of docs/data-lake.md so they never shadow captured CTRs.
 */
function dataLakeImportCommand(io: CliIo): Command {
  return withDataLakeOptions(
    new Command('import-data-lake')
      .description(
        'Read contact records from the Connect analytics data lake (Athena) and report what could be rebuilt (stores nothing yet; see docs/data-lake.md).',
      )
      .requiredOption('--since <time>', 'start of the window: ISO time or a duration before now (7d)')
      .option('--until <time>', 'end of the window (exclusive): ISO time or a duration before now')
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText(
      'after',
      `
One Athena query per UTC day of the window. Columns this data lake lacks can be listed in
DATA_LAKE_OMIT_COLUMNS (comma-separated); they are then reported as missing fields.

Examples:
  $ ctr-resync archive import-data-lake --since 2026-11-01T00:00:00Z --until 2026-11-02T00:00:00Z --json`,
    )
    .action(async (flags: ImportFlags) => {
      const { from, to } = parseWindow(flags.since, flags.until, io.now());
      const dl = loadDataLakeSettings(io.env, flags);
      const { source, client } = buildDataLakeSource(dl);
      const summary: DataLakeImportSummary = {
        rows: 0,
        invalid: 0,
        complete: 0,
        partial: 0,
        undecidable: 0,
        approximated: 0,
        missingFields: {},
        distinctContacts: 0,
      };
      let day = '';
      let contactsOfDay = new Set<string>();
      try {
        for await (const record of source.records({ from, to })) {
          summary.rows += 1;
          if (record.kind === 'invalid') {
            summary.invalid += 1;
            continue;
          }
          const m = record.mapping;
          const recordDay = String(m.ctr.InitiationTimestamp ?? '').slice(0, 10);
          if (recordDay !== day) {
            summary.distinctContacts += contactsOfDay.size;
            contactsOfDay = new Set();
            day = recordDay;
          }
          contactsOfDay.add(m.contactId);
          if (m.complete) summary.complete += 1;
          else summary.partial += 1;
          if (!canEvaluateExclusion(m)) summary.undecidable += 1;
          if (m.approximated.length > 0) summary.approximated += 1;
          for (const missing of m.missing) summary.missingFields[missing.ctrField] = (summary.missingFields[missing.ctrField] ?? 0) + 1;
        }
        summary.distinctContacts += contactsOfDay.size;
      } finally {
        client.destroy();
      }
      if (flags.json) io.stdout.write(`${JSON.stringify({ from: from.toISOString(), to: to.toISOString(), stored: 0, ...summary }, null, 2)}\n`);
      else {
        io.stdout.write(`Data lake ${from.toISOString()} → ${to.toISOString()}: ${summary.rows} rows, ${summary.distinctContacts} contacts\n`);
        io.stdout.write(
          `  complete ${summary.complete}  partial ${summary.partial}  undecidable ${summary.undecidable}  approximated ${summary.approximated}  invalid ${summary.invalid}\n`,
        );
        for (const [field, count] of Object.entries(summary.missingFields)) io.stdout.write(`  missing ${field}: ${count} rows\n`);
        io.stdout.write('  stored 0 (rebuilt versions are not stored yet: docs/data-lake.md)\n');
      }
    });
}

export { dataLakeImportCommand };
export type { DataLakeImportSummary };
