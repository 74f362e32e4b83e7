/** Named defaults shared across the project. */

/** Longest ContactId accepted (Amazon Connect's documented maximum). */
const MAX_CONTACT_ID_LENGTH = 256;

/** Largest record the archive accepts: Kinesis allows up to 10 MiB per record on large-record streams. */
const MAX_CTR_BYTES = 10 * 1024 * 1024;

/** Top-level prefixes inside an archive (below the user's own prefix). */
const ARCHIVE_PREFIXES = {
  versions: 'ctr/',
  byInitiation: 'index/by-initiation/',
  quarantine: 'quarantine/',
  ledger: 'ledger/',
  reports: 'reports/',
} as const;

/** Retry policy for archive writes that are throttled (S3 503 SlowDown) or hit a network error. */
const ARCHIVE_RETRY = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 } as const;

export { ARCHIVE_PREFIXES, ARCHIVE_RETRY, MAX_CONTACT_ID_LENGTH, MAX_CTR_BYTES };
