import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { CtrArchive } from '../../src/archive/CtrArchive.ts';
import { FsArchiveStore } from '../../src/archive/FsArchiveStore.ts';
import { S3ArchiveStore } from '../../src/archive/S3ArchiveStore.ts';
import { startLocalS3Server, type LocalS3Server } from './startLocalS3Server.ts';

/** A temp folder removed by the returned cleanup. */
function tempDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `ctr-resync-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A local S3 server in its own temp folder, with a realistic bucket name. */
async function startTestS3(): Promise<LocalS3Server & { removeData(): void }> {
  const dir = tempDir('s3');
  const server = await startLocalS3Server(dir.path, 'ctr-archive-test');
  return { ...server, stop: server.stop, removeData: dir.remove };
}

/**
 * Starts a local S3 server before the file's tests and stops it (removing its data) after them.
 * Returns an accessor, valid once the tests run.
 */
function useTestS3(): () => LocalS3Server {
  let server: (LocalS3Server & { removeData(): void }) | undefined;
  before(async () => {
    server = await startTestS3();
  });
  after(async () => {
    await server?.stop();
    server?.removeData();
  });
  return () => {
    if (!server) throw new Error('the local S3 server is not started yet');
    return server;
  };
}

let prefixCounter = 0;

/** A fresh archive on the local S3 server, under its own prefix. */
function s3Archive(server: LocalS3Server, options: { endpoint?: string; maxAttempts?: number } = {}): CtrArchive {
  prefixCounter += 1;
  return new CtrArchive(
    new S3ArchiveStore({
      bucket: server.bucket,
      prefix: `test-${process.pid}-${prefixCounter}/`,
      clientConfig: { ...server.clientConfig, ...(options.endpoint ? { endpoint: options.endpoint } : {}), maxAttempts: options.maxAttempts ?? 3 },
    }),
  );
}

/** A fresh archive in a temp folder. */
function fsArchive(): { archive: CtrArchive; root: string; remove(): void } {
  const dir = tempDir('fs');
  return { archive: new CtrArchive(new FsArchiveStore({ root: dir.path, fsync: false })), root: dir.path, remove: dir.remove };
}

export { fsArchive, s3Archive, startTestS3, tempDir, useTestS3 };
