import { Command } from 'commander';
import { openArchive, parseArchiveSettings, parseCaptureSettings } from '../../config/archiveLocation.ts';
import { MAX_CTR_BYTES, MAX_CTR_DEPTH, MAX_IMPORT_FILE_BYTES } from '../../constants.ts';
import { validateContactId } from '../../ctr/validateContactId.ts';
import { importCtrFiles } from '../../importing/importCtrFiles.ts';
import { checkArchiveReachable } from '../checkArchiveReachable.ts';
import type { CliIo } from '../CliIo.ts';
import { dataLakeImportCommand } from './dataLakeImport.ts';
import { EXIT } from '../exitCodes.ts';
import { CliExit } from '../CliExit.ts';
import { wholeNumber } from '../parsers.ts';
import { createProgress } from '../progress.ts';

const ARCHIVE_HELP = 's3://bucket/prefix or a local folder (default: $CTR_ARCHIVE)';

function importCommand(io: CliIo): Command {
  return new Command('import')
    .description(
      'Import CTRs from files into the archive: Firehose output (concatenated JSON), NDJSON, JSON objects or arrays, gzipped or not, files or folders.',
    )
    .argument('<paths...>', 'files or folders to import')
    .option('--archive <location>', ARCHIVE_HELP)
    .option(
      '--concurrency <n>',
      'archive writes in flight (default: $CTR_ARCHIVE_CONCURRENCY, else 64 for S3, 16 for a folder)',
      wholeNumber(1, 1024),
    )
    .option(
      '--max-record-bytes <n>',
      'largest record stored; a larger one is quarantined as too-large',
      wholeNumber(1024, MAX_CTR_BYTES),
      MAX_CTR_BYTES,
    )
    .option(
      '--max-file-bytes <n>',
      'most bytes read from one file after decompression; past it the file is an error',
      wholeNumber(1024),
      MAX_IMPORT_FILE_BYTES,
    )
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync archive import ./firehose-export/ --archive s3://my-ctr-archive/prod
  $ CTR_ARCHIVE=./archive ctr-resync archive import ctrs.ndjson.gz

Every record is stored once per distinct version, or quarantined with its reason. Hidden files,
FIFOs, sockets and devices in the input are skipped with a warning. Exit status 1 if anything
could be neither stored nor quarantined, or a file could not be read to the end (the import goes
on with the next file). Limits: records up to ${MAX_CTR_BYTES} bytes, nested up to ${MAX_CTR_DEPTH} levels;
files up to ${MAX_IMPORT_FILE_BYTES} bytes after decompression.`,
    )
    .action(
      async (paths: string[], opts: { archive?: string; concurrency?: number; maxRecordBytes: number; maxFileBytes: number; json?: boolean }) => {
        const settings = parseCaptureSettings(io.env, opts.archive, opts.concurrency);
        const archive = openArchive(settings.location, settings.s3);
        await checkArchiveReachable(archive, settings.location, opts.archive === undefined ? 'CTR_ARCHIVE' : '--archive');
        const progress = createProgress(io, { label: 'import', quiet: opts.json === true });
        const summary = await importCtrFiles(archive, paths, {
          ...(io.signal ? { signal: io.signal } : {}),
          concurrency: settings.concurrency,
          receivedAt: io.now().toISOString(),
          limits: { maxRecordBytes: opts.maxRecordBytes, maxFileBytes: opts.maxFileBytes },
          onProgress: (s) => progress.update(s.read, { stored: s.stored, duplicate: s.duplicate, quarantined: s.quarantined, failed: s.failed }),
        });
        progress.stop();
        if (summary.interrupted) io.stderr.write('interrupted: the import stopped early; the summary counts what was done (run it again to go on)\n');
        if (opts.json) io.stdout.write(`${JSON.stringify({ archive: archive.location, ...summary }, null, 2)}\n`);
        else {
          io.stdout.write(`Imported into ${archive.location}\n`);
          io.stdout.write(
            `  files ${summary.files}  read ${summary.read}  stored ${summary.stored}  duplicate ${summary.duplicate}  quarantined ${summary.quarantined}  failed ${summary.failed}\n`,
          );
          for (const s of summary.skipped) io.stderr.write(`warning: ${s.message}\n`);
          for (const e of summary.fileErrors) io.stderr.write(`error: ${e.message}\n`);
          for (const f of summary.failures) io.stderr.write(`error: record ${f.index} of ${f.path}: ${f.message}\n`);
        }
        if (summary.interrupted) throw new CliExit(EXIT.interrupted);
        if (summary.failed > 0 || summary.fileErrors.length > 0) throw new CliExit(EXIT.failures);
      },
    );
}

function showCommand(io: CliIo): Command {
  return new Command('show')
    .description('List the stored versions of one contact, newest first.')
    .argument('<contactId>', 'the Amazon Connect ContactId (the VoiceCall VendorCallKey)')
    .option('--archive <location>', ARCHIVE_HELP)
    .option('--json', 'print the versions as a JSON array')
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync archive show c0ffee00-0000-4000-8000-000000000001 --archive ./archive
  $ ctr-resync archive show c0ffee00-0000-4000-8000-000000000001 --json | jq '.[0].key'`,
    )
    .action(async (contactId: string, opts: { archive?: string; json?: boolean }) => {
      const settings = parseArchiveSettings(io.env, opts.archive);
      const archive = openArchive(settings.location, settings.s3);
      await checkArchiveReachable(archive, settings.location, opts.archive === undefined ? 'CTR_ARCHIVE' : '--archive');
      const versions = await archive.versions(validateContactId(contactId));
      if (opts.json) {
        io.stdout.write(
          `${JSON.stringify(
            versions.map(({ contactId: id, lastUpdateTimestamp, size, key, versionId }) => ({
              contactId: id,
              lastUpdateTimestamp,
              size,
              key,
              versionId,
            })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      if (versions.length === 0) {
        io.stdout.write(`No archived CTR for contact ${contactId} in ${archive.location}\n`);
        throw new CliExit(EXIT.failures);
      }
      io.stdout.write(`${versions.length} version(s) of ${contactId} in ${archive.location} (newest first)\n`);
      io.stdout.write(`  ${'LastUpdateTimestamp'.padEnd(26)}${'size'.padStart(9)}  key\n`);
      for (const v of versions) io.stdout.write(`  ${v.lastUpdateTimestamp.padEnd(26)}${String(v.size).padStart(9)}  ${v.key}\n`);
    });
}

/** `ctr-resync archive ...`: backfill and inspection of the CTR archive. */
function archiveCommand(io: CliIo): Command {
  return new Command('archive')
    .description("Work with the CTR archive (import files or the data lake, show a contact's versions).")
    .addCommand(importCommand(io))
    .addCommand(dataLakeImportCommand(io))
    .addCommand(showCommand(io))
    .addHelpText(
      'after',
      `
Examples:
  $ ctr-resync archive import ./firehose-export/ --archive s3://my-ctr-archive/prod
  $ ctr-resync archive show c0ffee00-0000-4000-8000-000000000001 --archive ./archive`,
    );
}

export { archiveCommand };
