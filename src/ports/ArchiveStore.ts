/**
 * The archive store port: a flat key → bytes store with ordered listing. Two adapters implement
 * it, {@link S3ArchiveStore} and {@link FsArchiveStore}; everything CTR-specific (key scheme,
 * versions, time index, quarantine, ledger) lives above it in `CtrArchive`, written once.
 *
 * Keys are relative to the store's root (a bucket prefix or a folder), use `/` as separator and
 * are built only by `archiveKeys.ts` from validated identifiers.
 */

/** One listed object. */
interface ArchiveObjectInfo {
  readonly key: string;
  readonly size: number;
}

/** Options for {@link ArchiveStore.put}. */
interface PutOptions {
  /** MIME type stored with the object. @default 'application/json' */
  readonly contentType?: string;
  /**
   * Write only if no object exists under the key. Where the backend can enforce this atomically
   * (S3 `If-None-Match: *`, a hard link on a filesystem) an existing object yields `'exists'`;
   * where it cannot (local S3-compatible servers ignore the header) the write simply happens.
   * Callers must therefore only use it for keys whose content is deterministic.
   * @default false
   */
  readonly ifAbsent?: boolean;
}

/** Result of a write: `'exists'` only when `ifAbsent` found an object already there. */
type PutOutcome = 'written' | 'exists';

/** The archive store port. */
interface ArchiveStore {
  /** Human-readable location, e.g. `s3://bucket/prefix/` or `/var/ctr-archive`, for logs and errors. */
  readonly location: string;
  /**
   * Whether `put` with `ifAbsent` is enforced: `enforced` (an existing object always yields
   * `'exists'`), or `detect` when it depends on the server (S3-compatible servers differ; real S3
   * enforces `If-None-Match: *` since August 2024), which the archive then learns from its first
   * write. @default 'detect'
   */
  readonly ifAbsentSupport?: 'enforced' | 'detect';
  /** Writes bytes under a key; atomic: a reader sees the old object, the new one, or none. */
  put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome>;
  /** Reads an object. @throws ArchiveObjectNotFoundError when absent */
  get(key: string): Promise<Buffer>;
  /** True when an object exists under the key. */
  exists(key: string): Promise<boolean>;
  /** Lists objects whose key starts with `prefix`, in ascending key order, after `startAfter` if given. */
  list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo>;
  /**
   * Deletes an object (absent is fine). Optional: only `ctr-resync doctor` uses it, to remove its own
   * probe under `doctor/`; the archive itself never deletes a CTR, a ledger entry or a report.
   */
  delete?(key: string): Promise<void>;
}

export type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome };
