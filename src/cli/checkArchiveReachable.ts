import { stat } from 'node:fs/promises';
import type { CtrArchive } from '../archive/CtrArchive.ts';
import type { ArchiveLocation } from '../config/archiveLocation.ts';
import { ArchiveUnavailableError, ConfigError, DependencyRefusedError } from '../errors.ts';

/**
 * Checks, before a command reads or writes records, that the archive can be used, so a wrong
 * location fails fast once (exit 2 or 3) instead of failing every record (exit 1): a folder
 * location must not be a file; an S3 location must answer one listing (the bucket exists, the
 * credentials are found and accepted, the endpoint is reachable).
 *
 * @param archive - the opened archive
 * @param location - where it is (as parsed)
 * @param setting - the flag or variable that named it (`--archive` or `CTR_ARCHIVE`)
 * @throws ConfigError naming `setting` when a folder location is a file (or another non-folder)
 * @throws DependencyRefusedError (`archive`) naming `setting` and the AWS settings when S3 cannot be used
 */
async function checkArchiveReachable(archive: CtrArchive, location: ArchiveLocation, setting: string): Promise<void> {
  if (location.kind === 'fs') {
    const info = await stat(location.path).catch(() => undefined);
    if (info !== undefined && !info.isDirectory()) {
      throw new ConfigError(setting, `${setting} names a file, not a folder: point it at a folder (created if missing) or at s3://bucket/prefix`);
    }
    return;
  }
  try {
    await archive.holdsVersions();
  } catch (error) {
    if (!(error instanceof ArchiveUnavailableError)) throw error;
    throw new DependencyRefusedError(
      'archive',
      [setting, 'AWS_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_S3'],
      `the archive (${setting}) cannot be used: ${error.message}`,
      { cause: error },
    );
  }
}

export { checkArchiveReachable };
