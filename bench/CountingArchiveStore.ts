import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../src/ports/ArchiveStore.ts';

/** Calls made to an archive store, by operation (a `list` counts once, however many objects it yields). */
interface ArchiveOpCounts {
  get: number;
  list: number;
  put: number;
  exists: number;
}

/**
 * An {@link ArchiveStore} decorator that counts calls (benchmarks only): on S3 each one is a
 * billed request (GetObject, ListObjectsV2, PutObject, HeadObject).
 */
class CountingArchiveStore implements ArchiveStore {
  public readonly counts: ArchiveOpCounts = { get: 0, list: 0, put: 0, exists: 0 };

  public constructor(private readonly inner: ArchiveStore) {}

  public get location(): string {
    return this.inner.location;
  }

  public put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    this.counts.put += 1;
    return this.inner.put(key, body, options);
  }

  public get(key: string): Promise<Buffer> {
    this.counts.get += 1;
    return this.inner.get(key);
  }

  public exists(key: string): Promise<boolean> {
    this.counts.exists += 1;
    return this.inner.exists(key);
  }

  public list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    this.counts.list += 1;
    return this.inner.list(prefix, options);
  }
}

export { CountingArchiveStore };
export type { ArchiveOpCounts };
