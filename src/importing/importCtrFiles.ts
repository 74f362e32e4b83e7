import PQueue from 'p-queue';
import { archiveRawCtr } from '../archive/archiveRawCtr.ts';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { CtrResyncError, InputReadError } from '../errors.ts';
import { listFiles, readCtrFile, type SourceItem } from './readCtrSources.ts';

/** Counts reported by an import. */
interface ImportSummary {
  files: number;
  read: number;
  stored: number;
  duplicate: number;
  quarantined: number;
  failed: number;
  /** Files that could not be read to the end (what was read before the damage is counted above). */
  fileErrors: { path: string; message: string }[];
  /** Records that could be neither stored nor quarantined (first few, for the report). */
  failures: { path: string; index: number; message: string }[];
}

/** Options of {@link importCtrFiles}. */
interface ImportOptions {
  /** Archive writes in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Time stamped on quarantined records. @default now */
  readonly receivedAt?: string;
  /** Called after every record with the running summary. */
  readonly onProgress?: (summary: Readonly<ImportSummary>) => void;
}

const MAX_LISTED_FAILURES = 20;

/**
 * Imports CTRs from files and folders into the archive (the backfill path): every record is
 * stored or quarantined with its reason; nothing is dropped silently.
 */
async function importCtrFiles(archive: CtrArchive, paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { files: 0, read: 0, stored: 0, duplicate: 0, quarantined: 0, failed: 0, fileErrors: [], failures: [] };
  const queue = new PQueue({ concurrency: options.concurrency ?? 16 });
  const receivedAt = options.receivedAt ?? new Date().toISOString();

  const handle = async (item: SourceItem): Promise<void> => {
    const raw = Buffer.from(item.text, 'utf8');
    const source = { kind: 'file' as const, path: item.path, index: item.index };
    try {
      if (item.kind === 'fragment') {
        await archive.quarantine({ raw, reason: item.reason, message: item.reason === 'truncated' ? 'Record is cut short' : 'Text outside any JSON object', receivedAt, source });
        summary.quarantined += 1;
      } else {
        const result = await archiveRawCtr(archive, raw, { receivedAt, source });
        summary[result.outcome === 'archived' ? 'stored' : result.outcome] += 1;
      }
    } catch (error) {
      summary.failed += 1;
      if (summary.failures.length < MAX_LISTED_FAILURES) {
        summary.failures.push({ path: item.path, index: item.index, message: error instanceof CtrResyncError ? error.message : String(error) });
      }
    }
    options.onProgress?.(summary);
  };

  for await (const path of listFiles(paths)) {
    summary.files += 1;
    try {
      for await (const item of readCtrFile(path)) {
        summary.read += 1;
        await queue.onSizeLessThan(queue.concurrency * 2);
        void queue.add(() => handle(item));
      }
    } catch (error) {
      if (!(error instanceof InputReadError)) throw error;
      summary.fileErrors.push({ path, message: error.message });
    }
  }
  await queue.onIdle();
  return summary;
}

export { importCtrFiles };
export type { ImportOptions, ImportSummary };
