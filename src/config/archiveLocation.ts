import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { CtrArchive } from '../archive/CtrArchive.ts';
import { FsArchiveStore } from '../archive/FsArchiveStore.ts';
import { isBucketName, S3ArchiveStore } from '../archive/S3ArchiveStore.ts';
import { assertSafeKey } from '../archive/assertSafeKey.ts';
import { ConfigError } from '../errors.ts';
import { parseWholeNumber } from '../validation/wholeNumber.ts';

/** A parsed `--archive` / `CTR_ARCHIVE` value. */
type ArchiveLocation = { readonly kind: 's3'; readonly bucket: string; readonly prefix: string } | { readonly kind: 'fs'; readonly path: string };

/**
 * Parses an archive location: `s3://bucket[/prefix]` or a local folder path.
 *
 * @param value - the raw setting
 * @param setting - its name, for the error message (`--archive` or `CTR_ARCHIVE`)
 * @throws ConfigError naming the setting and the expected forms
 */
function parseArchiveLocation(value: string | undefined, setting = '--archive'): ArchiveLocation {
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(setting, 'No archive given: pass --archive <s3://bucket/prefix | local folder> or set CTR_ARCHIVE');
  }
  if (/^s3:\/\//i.test(value)) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(value);
    const bucket = m?.[1] ?? '';
    if (!isBucketName(bucket)) {
      throw new ConfigError(
        setting,
        `${setting} does not name a valid S3 bucket (expected s3://bucket-name/optional/prefix: 3-63 lower-case letters, digits, dots and hyphens)`,
      );
    }
    const prefix = m?.[2] ?? '';
    try {
      if (prefix !== '') assertSafeKey(prefix);
    } catch {
      throw new ConfigError(
        setting,
        `${setting}: the prefix after the bucket must not contain '.', '..', empty segments, backslashes or control characters`,
      );
    }
    return { kind: 's3', bucket, prefix };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(setting, `${setting}: only s3:// URLs and local folder paths are supported`);
  }
  return { kind: 'fs', path: value };
}

/** Options for {@link openArchive}. */
interface OpenArchiveOptions {
  /** Extra S3 client settings (endpoint, region, credentials...). */
  readonly s3ClientConfig?: S3ClientConfig;
  /** Use path-style S3 URLs (needed by most local S3-compatible servers). @default false */
  readonly forcePathStyle?: boolean;
  /**
   * Sockets the S3 client may open to the endpoint (keep-alive). Size it to the requests in flight
   * (two per CTR being archived: the version and its index entry), so none waits for a socket.
   * @default the SDK's own (50)
   */
  readonly maxSockets?: number;
}

/** Archive writes in flight by default: S3 answers in tens of ms, a local folder in well under one. */
const DEFAULT_ARCHIVE_CONCURRENCY = { s3: 64, fs: 16 } as const;
const MAX_ARCHIVE_CONCURRENCY = 1024;

/** S3 requests in flight per CTR being archived (version write and index entry, sent together). */
const REQUESTS_PER_ARCHIVE_WRITE = 2;

/** Socket pool that lets `concurrency` archive writes go out without queueing. */
function socketsForConcurrency(concurrency: number): number {
  return concurrency * REQUESTS_PER_ARCHIVE_WRITE;
}

/** Opens the archive at a location with the matching store adapter. */
function openArchive(location: ArchiveLocation, options: OpenArchiveOptions = {}): CtrArchive {
  if (location.kind === 'fs') return new CtrArchive(new FsArchiveStore({ root: location.path }));
  return new CtrArchive(
    new S3ArchiveStore({
      bucket: location.bucket,
      prefix: location.prefix,
      clientConfig: {
        ...(options.forcePathStyle ? { forcePathStyle: true } : {}),
        ...(options.maxSockets !== undefined
          ? {
              requestHandler: {
                httpAgent: { keepAlive: true, maxSockets: options.maxSockets },
                httpsAgent: { keepAlive: true, maxSockets: options.maxSockets },
              },
            }
          : {}),
        ...options.s3ClientConfig,
      },
    }),
  );
}

/** The archive part of a typed configuration: where it is and how to reach S3. */
interface ArchiveSettings {
  readonly location: ArchiveLocation;
  /** S3 client options: `forcePathStyle` from `CTR_ARCHIVE_S3_FORCE_PATH_STYLE`; a writer's socket pool. */
  readonly s3: { readonly forcePathStyle: boolean; readonly maxSockets?: number };
}

/**
 * Parses the archive settings: the `--archive` flag when given (it overrides the environment),
 * else `CTR_ARCHIVE`; and `CTR_ARCHIVE_S3_FORCE_PATH_STYLE` (`true`/`false`). Endpoint, region and
 * credentials stay the AWS SDK's standard settings (`AWS_ENDPOINT_URL_S3`, `AWS_REGION`, `AWS_PROFILE`).
 *
 * @param env - the environment (read, never written)
 * @param archiveFlag - the `--archive` value, if the command has that flag and it was given
 * @throws ConfigError naming `--archive`, `CTR_ARCHIVE` or `CTR_ARCHIVE_S3_FORCE_PATH_STYLE`
 */
function parseArchiveSettings(env: Readonly<Record<string, string | undefined>>, archiveFlag?: string): ArchiveSettings {
  const location = archiveFlag !== undefined ? parseArchiveLocation(archiveFlag, '--archive') : parseArchiveLocation(env.CTR_ARCHIVE, 'CTR_ARCHIVE');
  const pathStyle = env.CTR_ARCHIVE_S3_FORCE_PATH_STYLE?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false'].includes(pathStyle)) {
    throw new ConfigError(
      'CTR_ARCHIVE_S3_FORCE_PATH_STYLE',
      'CTR_ARCHIVE_S3_FORCE_PATH_STYLE must be true (path-style S3 URLs, for local S3-compatible servers) or false',
    );
  }
  return { location, s3: { forcePathStyle: pathStyle === 'true' } };
}

/** The archive settings of a writer (the archive Lambda, `archive import`): where, and how many writes at once. */
interface CaptureSettings extends ArchiveSettings {
  /**
   * Archive writes in flight (`CTR_ARCHIVE_CONCURRENCY`, or the command's `--concurrency`): default
   * 64 for S3 (sized for its latency: 64 ÷ 20 ms = 3,200 writes/s), 16 for a local folder.
   */
  readonly concurrency: number;
  /** `maxSockets` sized to the concurrency (two requests per write), so no request queues for a socket. */
  readonly s3: { readonly forcePathStyle: boolean; readonly maxSockets: number };
}

/**
 * Parses the settings of an archive writer: {@link parseArchiveSettings}, plus
 * `CTR_ARCHIVE_CONCURRENCY` (1 to 1024; a `--concurrency` flag overrides it), which also sizes the
 * S3 socket pool.
 *
 * @param env - the environment (read, never written)
 * @param archiveFlag - the `--archive` value, if given
 * @param concurrencyFlag - the `--concurrency` value, if given
 * @throws ConfigError naming the setting at fault
 */
function parseCaptureSettings(env: Readonly<Record<string, string | undefined>>, archiveFlag?: string, concurrencyFlag?: number): CaptureSettings {
  const base = parseArchiveSettings(env, archiveFlag);
  const range = { min: 1, max: MAX_ARCHIVE_CONCURRENCY };
  const concurrency =
    concurrencyFlag !== undefined
      ? parseWholeNumber(concurrencyFlag, '--concurrency', range)
      : env.CTR_ARCHIVE_CONCURRENCY !== undefined && env.CTR_ARCHIVE_CONCURRENCY.trim() !== ''
        ? parseWholeNumber(env.CTR_ARCHIVE_CONCURRENCY, 'CTR_ARCHIVE_CONCURRENCY', range)
        : DEFAULT_ARCHIVE_CONCURRENCY[base.location.kind];
  return { ...base, concurrency, s3: { ...base.s3, maxSockets: socketsForConcurrency(concurrency) } };
}

export { DEFAULT_ARCHIVE_CONCURRENCY, openArchive, parseArchiveLocation, parseArchiveSettings, parseCaptureSettings, socketsForConcurrency };
export type { ArchiveLocation, ArchiveSettings, CaptureSettings, OpenArchiveOptions };
