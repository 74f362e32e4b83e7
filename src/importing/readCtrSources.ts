import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { InputReadError } from '../errors.ts';
import { JsonRecordSplitter, type SplitItem } from './JsonRecordSplitter.ts';

/** A record or fragment read from a file, with where it came from. */
type SourceItem = SplitItem & { readonly path: string; readonly index: number };

/** Every regular file under the given paths (folders recursively, sorted, hidden files skipped). */
async function* listFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new InputReadError(path, `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    if (info.isFile()) yield path;
    else if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
      yield* listFiles(entries.map((n) => join(path, n)));
    }
  }
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Reads CTR records from one file: Firehose output (concatenated objects), NDJSON, a JSON object or
 * array, each optionally gzipped (detected by its magic bytes, not its name). Records read before
 * damage (a truncated gzip stream) are yielded first; then the unfinished tail comes out as a
 * `truncated` fragment and an {@link InputReadError} is thrown.
 */
async function* readCtrFile(path: string): AsyncGenerator<SourceItem> {
  const gz = await isGzip(path);
  const file = createReadStream(path);
  const stream = gz ? file.pipe(createGunzip()) : file;
  if (gz) file.on('error', (error) => stream.destroy(error));
  const decoder = new TextDecoder('utf-8');
  const splitter = new JsonRecordSplitter();
  let index = 0;
  const tag = (items: SplitItem[]): SourceItem[] => items.map((item) => ({ ...item, path, index: index++ }));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      yield* tag(splitter.push(decoder.decode(chunk, { stream: true })));
    }
  } catch (error) {
    yield* tag(splitter.push(decoder.decode()));
    yield* tag(splitter.end());
    const reason = (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' || /unexpected end/i.test((error as Error).message) ? 'the gzip stream is truncated' : (error as Error).message;
    throw new InputReadError(path, `${path}: ${reason}; ${index} item(s) read before the damage were kept`, { cause: error });
  }
  yield* tag(splitter.push(decoder.decode()));
  yield* tag(splitter.end());
}

export { listFiles, readCtrFile };
export type { SourceItem };
