/** Named defaults shared across the project. */

/** Longest ContactId accepted (Amazon Connect's documented maximum). */
const MAX_CONTACT_ID_LENGTH = 256;

/**
 * Largest record the archive accepts (1 MiB, the Kinesis Data Streams record size by default). A
 * real CTR is a few KB: attributes are capped at 32 KB and a typical voice CTR is about 3.2 KB
 * (../shared/reference/connect-ctr.md §1.6). A larger record is quarantined as `too-large`.
 */
const MAX_CTR_BYTES = 1024 * 1024;

/** How much of a too-large record (or of text between records) a quarantine object keeps. */
const MAX_QUARANTINE_SNIPPET_BYTES = 64 * 1024;

/**
 * Most bytes `archive import` reads from one file after decompression (1 GiB; Firehose writes
 * files of at most 128 MiB). Past it the file is reported as a file error (a gzip bomb) and the
 * records read before the bound are kept.
 */
const MAX_IMPORT_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Deepest nesting of objects and arrays a CTR may have. Real CTRs nest 4 levels at most
 * (`Agent.HierarchyGroups.Level1.ARN`); a deeper record is quarantined (`too-deep`) before any
 * recursive code (hashing, transform) sees it.
 */
const MAX_CTR_DEPTH = 64;

/** Accepted years of a normalised (UTC) LastUpdateTimestamp: outside them the version key would not sort or parse. */
const CTR_YEAR_RANGE = { min: 2000, max: 9999 } as const;

/** Top-level prefixes inside an archive (below the user's own prefix). */
const ARCHIVE_PREFIXES = {
  versions: 'ctr/',
  byInitiation: 'index/by-initiation/',
  quarantine: 'quarantine/',
  ledger: 'ledger/',
  reports: 'reports/',
  /** CTRs rebuilt from the Connect analytics data lake (never read as captured versions). */
  rebuiltDataLake: 'rebuilt/data-lake/',
  decisions: 'decisions/',
} as const;

/** Retry policy for archive writes that are throttled (S3 503 SlowDown) or hit a network error. */
const ARCHIVE_RETRY = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 } as const;

export {
  ARCHIVE_PREFIXES,
  ARCHIVE_RETRY,
  CTR_YEAR_RANGE,
  MAX_CONTACT_ID_LENGTH,
  MAX_CTR_BYTES,
  MAX_CTR_DEPTH,
  MAX_IMPORT_FILE_BYTES,
  MAX_QUARANTINE_SNIPPET_BYTES,
};
