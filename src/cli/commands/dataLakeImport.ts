import { Command } from 'commander';
import { openArchive, parseArchiveSettings } from '../../config/archiveLocation.ts';
import { buildDataLakeSource } from '../../config/buildDataLakeSource.ts';
import { loadDataLakeSettings } from '../../config/dataLakeSettings.ts';
import { parseWindow } from '../../config/reconcileConfig.ts';
import { importFromDataLake } from '../../importing/importFromDataLake.ts';
import { checkArchiveReachable } from '../checkArchiveReachable.ts';
import { CliExit } from '../CliExit.ts';
import type { CliIo } from '../CliIo.ts';
import { withDataLakeOptions } from '../dataLakeOptions.ts';
import { EXIT } from '../exitCodes.ts';
import { createProgress } from '../progress.ts';

interface ImportFlags {
  since: string;
  until?: string;
  archive?: string;
  json?: boolean;
  instanceId?: string;
  database?: string;
  table?: string;
  workgroup?: string;
  catalog?: string;
  athenaOutput?: string;
}

/**
 * `ctr-resync archive import-data-lake` (a sub-command of `archive`): reads the window from the
 * analytics data lake through Athena (one query per UTC day) and stores each usable row in the
 * archive as a rebuilt version under `rebuilt/data-lake/` (docs/data-lake.md), idempotently. A
 * rebuilt version never shadows a captured CTR: reconcile uses it only for a contact with none.
 */
function dataLakeImportCommand(io: CliIo): Command {
  return withDataLakeOptions(
    new Command('import-data-lake')
      .description(
        'Rebuild CTRs from the Connect analytics data lake (Athena) into the archive, marked as data-lake versions that never shadow captured CTRs.',
      )
      .requiredOption('--since <time>', 'start of the window: ISO time or a duration before now (7d)')
      .option('--until <time>', 'end of the window (exclusive): ISO time or a duration before now')
      .option('--archive <location>', 's3://bucket/prefix or a local folder (default: $CTR_ARCHIVE)')
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText(
      'after',
      `
One Athena query per UTC day of the window (partition pruning on initiation_timestamp). Each row
is stored once (a re-import stores nothing new); a row whose SCV exclusion cannot be evaluated
(no Attributes, Channel or InitiationMethod) is counted undecidable and not stored. Columns this
data lake lacks can be listed in DATA_LAKE_OMIT_COLUMNS (comma-separated); they are then reported
as missing fields and a sync from those rows is partial. Exit status 1 if a row could not be stored.

Examples:
  $ ctr-resync archive import-data-lake --since 2026-11-01T00:00:00Z --until 2026-11-02T00:00:00Z --json`,
    )
    .action(async (flags: ImportFlags) => {
      const { from, to } = parseWindow(flags.since, flags.until, io.now());
      const dl = loadDataLakeSettings(io.env, flags);
      const settings = parseArchiveSettings(io.env, flags.archive);
      const archive = openArchive(settings.location, settings.s3);
      await checkArchiveReachable(archive, settings.location, flags.archive === undefined ? 'CTR_ARCHIVE' : '--archive');
      const { source, client } = buildDataLakeSource(dl);
      const progress = createProgress(io, { label: 'import-data-lake', quiet: flags.json === true });
      let summary: Awaited<ReturnType<typeof importFromDataLake>>;
      try {
        summary = await importFromDataLake(source.records({ from, to }), archive, {
          rebuiltAt: io.now().toISOString(),
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: (s) => progress.update(s.rows, { stored: s.stored, duplicate: s.duplicate, undecidable: s.undecidable, failed: s.failed }),
        });
      } finally {
        progress.stop();
        client.destroy();
      }
      if (flags.json) {
        io.stdout.write(`${JSON.stringify({ archive: archive.location, from: from.toISOString(), to: to.toISOString(), ...summary }, null, 2)}\n`);
      } else {
        io.stdout.write(`Data lake ${from.toISOString()} → ${to.toISOString()} into ${archive.location}: ${summary.rows} rows\n`);
        io.stdout.write(
          `  stored ${summary.stored}  duplicate ${summary.duplicate}  undecidable ${summary.undecidable}  invalid ${summary.invalid}  failed ${summary.failed}\n`,
        );
        io.stdout.write(`  complete ${summary.complete}  partial ${summary.partial}  approximated ${summary.approximated}\n`);
        for (const [field, count] of Object.entries(summary.missingFields)) io.stdout.write(`  missing ${field}: ${count} rows\n`);
        for (const f of summary.failures) io.stderr.write(`error: contact ${f.contactId}: ${f.message}\n`);
      }
      if (io.signal?.aborted) throw new CliExit(EXIT.interrupted);
      if (summary.failed > 0) throw new CliExit(EXIT.failures);
    });
}

export { dataLakeImportCommand };
