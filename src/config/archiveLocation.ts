import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { CtrArchive } from '../archive/CtrArchive.ts';
import { FsArchiveStore } from '../archive/FsArchiveStore.ts';
import { isBucketName, S3ArchiveStore } from '../archive/S3ArchiveStore.ts';
import { assertSafeKey } from '../archive/assertSafeKey.ts';
import { ConfigError } from '../errors.ts';

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
}

/** Opens the archive at a location with the matching store adapter. */
function openArchive(location: ArchiveLocation, options: OpenArchiveOptions = {}): CtrArchive {
  if (location.kind === 'fs') return new CtrArchive(new FsArchiveStore({ root: location.path }));
  return new CtrArchive(
    new S3ArchiveStore({
      bucket: location.bucket,
      prefix: location.prefix,
      clientConfig: { ...(options.forcePathStyle ? { forcePathStyle: true } : {}), ...options.s3ClientConfig },
    }),
  );
}

/** The archive part of a typed configuration: where it is and how to reach S3. */
interface ArchiveSettings {
  readonly location: ArchiveLocation;
  /** S3 client options; `forcePathStyle` from `CTR_ARCHIVE_S3_FORCE_PATH_STYLE`. */
  readonly s3: { readonly forcePathStyle: boolean };
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

export { openArchive, parseArchiveLocation, parseArchiveSettings };
export type { ArchiveLocation, ArchiveSettings, OpenArchiveOptions };
