import { randomBytes } from 'node:crypto';
import { close, fsync, openSync, unlinkSync, writeFile } from 'node:fs';
import { promisify } from 'node:util';
import { link, mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { ArchiveObjectNotFoundError, ArchiveUnavailableError } from '../errors.ts';
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../ports/ArchiveStore.ts';
import { assertSafeKey } from './assertSafeKey.ts';

/** Options of {@link FsArchiveStore}. */
interface FsArchiveStoreOptions {
  /** Folder that holds the archive; created on first write. */
  readonly root: string;
  /** fsync each object before it becomes visible. @default true */
  readonly fsync?: boolean;
}

const TEMP_SUFFIX = '.tmp-';

/**
 * Longest file or folder name this store creates, in UTF-8 bytes. File systems allow 255; the
 * temp suffix (`.tmp-` + 12 hex) and the continuation mark need the rest.
 */
const MAX_NAME_BYTES = 200;

/**
 * Marks a folder that continues the name of the key segment it holds: a segment longer than
 * {@link MAX_NAME_BYTES} (an index entry or a folder for a ContactId of up to 256 characters) is
 * stored as `<first part>~/<next part>~/.../<last part>`. Keys never contain `~` (every key part
 * is a validated identifier, a timestamp or a hash), so the layout reads back to the same key.
 */
const CONTINUED = '~';

/** Splits one key segment into file-system names of at most {@link MAX_NAME_BYTES} bytes each. */
function nameParts(segment: string): string[] {
  if (Buffer.byteLength(segment, 'utf8') <= MAX_NAME_BYTES) return [segment];
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of segment) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > MAX_NAME_BYTES) {
      parts.push(`${current}${CONTINUED}`);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts;
}

/**
 * Temp files being written right now, in every store of this process. If the process exits while
 * a write is cut (a second Ctrl+C calls `process.exit`), the 'exit' hook removes them, so no
 * `*.tmp-*` file is left in the archive; a crash that skips 'exit' leaves temp files that listings
 * ignore anyway.
 */
const liveTempFiles = new Set<string>();
const writeFd = promisify(writeFile) as (fd: number, data: string | Uint8Array) => Promise<void>;
const fsyncFd = promisify(fsync);
const closeFd = promisify(close);
let exitHookInstalled = false;

function trackTemp(path: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const temp of liveTempFiles) {
        try {
          unlinkSync(temp);
        } catch {
          // already renamed, linked away or removed
        }
      }
    });
  }
  liveTempFiles.add(path);
}

/**
 * Archive store on a local folder: one file per key. Writes are atomic (a temp file in the same
 * folder, fsynced, then renamed into place, or hard-linked for `ifAbsent`), so a crash never
 * leaves a torn object. Used by the CLI, the offline demo and tests.
 */
class FsArchiveStore implements ArchiveStore {
  public readonly location: string;
  /** `ifAbsent` is a hard link, which fails with EEXIST when the key is taken. */
  public readonly ifAbsentSupport = 'enforced';
  readonly #root: string;
  readonly #fsync: boolean;

  public constructor(options: FsArchiveStoreOptions) {
    if (typeof options.root !== 'string' || options.root.length === 0) {
      throw new TypeError('Expected `root` to be a folder path');
    }
    this.#root = resolve(options.root);
    this.#fsync = options.fsync ?? true;
    this.location = this.#root;
  }

  #path(key: string): string {
    const segments = assertSafeKey(key).split('/');
    if (segments.some((segment) => segment.includes(CONTINUED)))
      throw new Error(`Archive key holds '${CONTINUED}', which the folder store reserves: ${key.slice(0, 80)}`);
    const path = join(this.#root, ...segments.flatMap(nameParts));
    if (!path.startsWith(this.#root + sep)) throw new Error(`Archive key escapes the root: ${key}`);
    return path;
  }

  public async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    const path = this.#path(key);
    const temp = `${path}${TEMP_SUFFIX}${randomBytes(6).toString('hex')}`;
    trackTemp(temp);
    try {
      await mkdir(dirname(path), { recursive: true });
      // Created synchronously, so the temp file exists once it is tracked: the exit hook never
      // misses one whose creation was still in flight on the thread pool.
      const fd = openSync(temp, 'wx', 0o600);
      try {
        await writeFd(fd, body);
        if (this.#fsync) await fsyncFd(fd);
      } finally {
        await closeFd(fd);
      }
      if (options?.ifAbsent) {
        try {
          await link(temp, path);
          return 'written';
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
          throw error;
        } finally {
          await unlink(temp).catch(() => undefined);
        }
      }
      await rename(temp, path);
      return 'written';
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.#mapError('put', key, error);
    } finally {
      liveTempFiles.delete(temp);
    }
  }

  public async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      throw this.#mapError('get', key, error);
    }
  }

  public async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.#path(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw this.#mapError('exists', key, error);
    }
  }

  public async delete(key: string): Promise<void> {
    try {
      await unlink(this.#path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw this.#mapError('delete', key, error);
    }
  }

  public async *list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    // Walk only the folders that can hold keys with this prefix, in sorted order, so the listing is
    // in ascending key order like S3's.
    const slash = prefix.lastIndexOf('/');
    const folderKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const folder = folderKey === '' ? this.#root : this.#path(folderKey);
    yield* this.#walk(folder, folderKey === '' ? '' : `${folderKey}/`, prefix, options?.startAfter);
  }

  /** The key (or key prefix, for a continuation folder) a folder entry stands for, and how it sorts. */
  static #entryKey(keyPrefix: string, entry: Dirent): { key: string; continued: boolean } {
    const continued = entry.isDirectory() && entry.name.endsWith(CONTINUED);
    return { key: `${keyPrefix}${continued ? entry.name.slice(0, -CONTINUED.length) : entry.name}`, continued };
  }

  async *#walk(folder: string, keyPrefix: string, prefix: string, startAfter: string | undefined): AsyncGenerator<ArchiveObjectInfo> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw this.#mapError('list', keyPrefix, error);
    }
    // Sort as S3 does (by key, where a folder "a" sorts as "a/").
    const named = entries
      .filter((e) => !e.name.includes(TEMP_SUFFIX))
      .map((e) => {
        const { key, continued } = FsArchiveStore.#entryKey(keyPrefix, e);
        return { entry: e, key, continued, sortKey: e.isDirectory() && !continued ? `${key}/` : key };
      })
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (const { entry, key, continued } of named) {
      if (continued) {
        // The segment goes on inside: the same rules as a folder, without the separator.
        if (!(key.startsWith(prefix) || prefix.startsWith(key))) continue;
        if (startAfter !== undefined && !startAfter.startsWith(key) && key < startAfter) continue;
        yield* this.#walk(join(folder, entry.name), key, prefix, startAfter);
      } else if (entry.isDirectory()) {
        const dirKey = `${key}/`;
        if (!(dirKey.startsWith(prefix) || prefix.startsWith(dirKey))) continue;
        if (startAfter !== undefined && !startAfter.startsWith(dirKey) && dirKey < startAfter) continue;
        yield* this.#walk(join(folder, entry.name), dirKey, prefix, startAfter);
      } else if (entry.isFile() && key.startsWith(prefix) && (startAfter === undefined || key > startAfter)) {
        const info = await stat(join(folder, entry.name)).catch(() => undefined);
        if (info) yield { key, size: info.size };
      }
    }
  }

  #mapError(operation: string, key: string, error: unknown): Error {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && operation === 'get') return new ArchiveObjectNotFoundError(key, { cause: error });
    const retryable = code === 'EMFILE' || code === 'ENFILE' || code === 'EAGAIN' || code === 'EBUSY';
    return new ArchiveUnavailableError(
      operation,
      `Archive ${operation} failed for ${key} in ${this.location}: ${(error as Error).message}`,
      retryable,
      { cause: error },
    );
  }
}

export { FsArchiveStore };
export type { FsArchiveStoreOptions };
