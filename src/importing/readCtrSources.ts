import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { MAX_IMPORT_FILE_BYTES } from '../constants.ts';
import { InputReadError } from '../errors.ts';
import { JsonRecordSplitter, type SplitItem, type SplitterOptions } from './JsonRecordSplitter.ts';

/** A record or fragment read from a file, with where it came from. */
type SourceItem = SplitItem & { readonly path: string; readonly index: number };

/**
 * One entry found under the import paths: a regular file to read, something skipped on purpose
 * (a hidden file, a FIFO, a socket, a device) or a path that cannot be read (a dangling symlink,
 * a symlink loop, no permission), which the import reports and goes on after.
 */
type SourceEntry =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'skipped'; readonly path: string; readonly message: string }
  | { readonly kind: 'error'; readonly path: string; readonly message: string };

/** Options of {@link readCtrFile}. */
interface ReadOptions extends SplitterOptions {
  /** Most bytes read from one file after decompression. @default MAX_IMPORT_FILE_BYTES (1 GiB) */
  readonly maxFileBytes?: number;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Every file under the given paths (folders recursively, sorted), as {@link SourceEntry}s. Symlinks
 * are followed (a folder reached twice is read once, so a loop ends); hidden entries inside folders
 * and anything that is not a regular file are skipped with a message; nothing is opened here, so a
 * FIFO can never block the import.
 */
async function* listFiles(paths: readonly string[], seenFolders = new Set<string>(), inFolder = false): AsyncGenerator<SourceEntry> {
  for (const path of paths) {
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      yield { kind: 'error', path, message: `Cannot read ${path}: ${errorCode(error)}` };
      continue;
    }
    if (info.isFile()) yield { kind: 'file', path };
    else if (info.isDirectory()) {
      const id = `${info.dev}:${info.ino}`;
      if (seenFolders.has(id)) {
        yield { kind: 'skipped', path, message: `${path}: folder already read (a symlink loop?); skipped` };
        continue;
      }
      seenFolders.add(id);
      let names: string[];
      try {
        names = (await readdir(path)).sort();
      } catch (error) {
        yield { kind: 'error', path, message: `Cannot read folder ${path}: ${errorCode(error)}` };
        continue;
      }
      for (const name of names.filter((n) => n.startsWith('.'))) {
        yield { kind: 'skipped', path: join(path, name), message: `${join(path, name)}: hidden; skipped` };
      }
      yield* listFiles(
        names.filter((n) => !n.startsWith('.')).map((n) => join(path, n)),
        seenFolders,
        true,
      );
    } else yield { kind: 'skipped', path, message: `${path}: ${kindOf(info)}, not a file; skipped${inFolder ? '' : ' (never opened)'}` };
  }
}

/**
 * Reads CTR records from one file: Firehose output (concatenated objects), NDJSON, a JSON object or
 * array, each optionally gzipped (detected by its magic bytes, not its name), as bytes (a record is
 * never decoded here, so invalid UTF-8 reaches the archive as it is). Records read before damage (a
 * truncated gzip stream, a read error, more than `maxFileBytes` after decompression) are yielded
 * first; then the unfinished tail comes out as a fragment and an {@link InputReadError} is thrown.
 *
 * @throws InputReadError for every failure to open or read the file (never anything else)
 */
async function* readCtrFile(path: string, options: ReadOptions = {}): AsyncGenerator<SourceItem> {
  const maxFileBytes = options.maxFileBytes ?? MAX_IMPORT_FILE_BYTES;
  const splitter = new JsonRecordSplitter(options);
  let index = 0;
  const tag = (items: SplitItem[]): SourceItem[] => items.map((item) => ({ ...item, path, index: index++ }));
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: if the path became a FIFO since it was listed, opening it must not wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${kindOf(info)}, not a file`);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw new InputReadError(path, `Cannot read ${path}: ${errorCode(error)}`, { cause: error });
  }
  const file = handle.createReadStream({ start: 0 });
  let stream: NodeJS.ReadableStream & { destroy(error?: Error): void } = file;
  let total = 0;
  try {
    const head = await handle.read(Buffer.alloc(2), 0, 2, 0);
    const gz = head.bytesRead === 2 && head.buffer[0] === 0x1f && head.buffer[1] === 0x8b;
    if (gz) {
      const gunzip = createGunzip();
      file.on('error', (error) => gunzip.destroy(error));
      stream = file.pipe(gunzip);
    }
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (total + chunk.length > maxFileBytes) {
        yield* tag(splitter.push(chunk.subarray(0, maxFileBytes - total)));
        total = maxFileBytes;
        throw new InputReadError(path, `more than ${maxFileBytes} bytes${gz ? ' after decompression (a gzip bomb?)' : ''}`);
      }
      total += chunk.length;
      yield* tag(splitter.push(chunk));
    }
  } catch (error) {
    yield* tag(splitter.end());
    const reason =
      error instanceof InputReadError
        ? error.message
        : (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' || /unexpected end/i.test((error as Error).message)
          ? 'the gzip stream is truncated'
          : `read failed after ${total} bytes (${errorCode(error)})`;
    throw new InputReadError(path, `${path}: ${reason}; ${index} item(s) read before the damage were kept`, { cause: error });
  } finally {
    stream.destroy();
    file.destroy();
    await handle.close().catch(() => undefined);
  }
  yield* tag(splitter.end());
}

export { listFiles, readCtrFile };
export type { ReadOptions, SourceEntry, SourceItem };
