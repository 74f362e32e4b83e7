import PQueue from 'p-queue';
import { archiveRawCtr } from '../archive/archiveRawCtr.ts';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import { CtrResyncError, InputReadError } from '../errors.ts';
import { listFiles, type ReadOptions, readCtrFile, type SourceItem } from './readCtrSources.ts';

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
  /** Entries skipped on purpose: hidden files in folders, FIFOs, sockets, devices, folders seen twice. */
  skipped: { path: string; message: string }[];
  /** Records that could be neither stored nor quarantined (first few, for the report). */
  failures: { path: string; index: number; message: string }[];
  /** Present (true) when `signal` stopped the import early: the counts are those of a partial import. */
  interrupted?: true;
}

/** Options of {@link importCtrFiles}. */
interface ImportOptions {
  /** Archive writes in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Time stamped on quarantined records. @default now */
  readonly receivedAt?: string;
  /** Called after every record with the running summary. */
  readonly onProgress?: (summary: Readonly<ImportSummary>) => void;
  /** Bounds on records and files (see {@link ReadOptions}); defaults from `constants.ts`. */
  readonly limits?: ReadOptions;
  /**
   * Stops the import when aborted (Ctrl+C): no new record is read or queued, the writes already
   * in flight finish, and the summary (marked `interrupted`) counts what was done.
   */
  readonly signal?: AbortSignal;
}

const FRAGMENT_MESSAGES = {
  'not-json': 'Text outside any JSON object',
  truncated: 'Record is cut short',
  'too-large': 'Record is larger than the record size limit',
} as const;

const MAX_LISTED_FAILURES = 20;

/**
 * Imports CTRs from files and folders into the archive (the backfill path): every record is
 * stored or quarantined with its reason; nothing is dropped silently. A file that cannot be read
 * (to the end) is a file error and the import goes on with the next one; skipped entries are
 * listed. Records are passed on as bytes, so invalid UTF-8 is quarantined as `not-utf8`, as in the
 * Lambda.
 */
async function importCtrFiles(archive: CtrArchive, paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    files: 0,
    read: 0,
    stored: 0,
    duplicate: 0,
    quarantined: 0,
    failed: 0,
    fileErrors: [],
    skipped: [],
    failures: [],
  };
  const { signal } = options;
  // Listening marks the signal as honoured (see CliIo.signal); the loops below check it.
  const onAbort = (): void => undefined;
  signal?.addEventListener('abort', onAbort, { once: true });
  const queue = new PQueue({ concurrency: options.concurrency ?? 16 });
  const receivedAt = options.receivedAt ?? new Date().toISOString();

  const handle = async (item: SourceItem): Promise<void> => {
    const raw = item.bytes;
    const source = { kind: 'file' as const, path: item.path, index: item.index, offset: item.offset };
    try {
      if (item.kind === 'fragment') {
        const kept = item.size > raw.byteLength ? `; the first ${raw.byteLength} are kept` : '';
        const message = `${FRAGMENT_MESSAGES[item.reason]} (${item.size} bytes at byte ${item.offset}${kept})`;
        await archive.quarantine({ raw, reason: item.reason, message, receivedAt, source, ...(kept ? { originalSize: item.size } : {}) });
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

  for await (const entry of listFiles(paths)) {
    if (signal?.aborted) break;
    const { path } = entry;
    if (entry.kind !== 'file') {
      summary[entry.kind === 'error' ? 'fileErrors' : 'skipped'].push({ path, message: entry.message });
      continue;
    }
    summary.files += 1;
    try {
      for await (const item of readCtrFile(path, options.limits)) {
        if (signal?.aborted) break;
        summary.read += 1;
        await queue.onSizeLessThan(queue.concurrency * 2);
        void queue.add(() => handle(item));
        if (signal?.aborted) break;
      }
    } catch (error) {
      if (!(error instanceof InputReadError)) throw error;
      summary.fileErrors.push({ path, message: error.message });
    }
  }
  await queue.onIdle();
  signal?.removeEventListener('abort', onAbort);
  if (signal?.aborted) summary.interrupted = true;
  return summary;
}

export { importCtrFiles };
export type { ImportOptions, ImportSummary };
