import { closeSync, createWriteStream, fchmodSync, openSync, type WriteStream, writeSync } from 'node:fs';

/** Owner read and write only. */
const PRIVATE_MODE = 0o600;

/**
 * Writes a file only its owner can read (mode 0600), for what the CLI writes that holds VoiceCall
 * Ids and ContactIds (reconcile reports, coverage HTML). A new file is created 0600 whatever the
 * umask; an existing file is truncated and its mode narrowed to 0600 before the text goes in.
 *
 * @param path - the file to create or replace
 * @param text - its whole content (UTF-8)
 * @throws the file system's error (ENOENT for a missing folder, EACCES, EISDIR...)
 */
function writePrivateFile(path: string, text: string): void {
  const fd = openSync(path, 'w', PRIVATE_MODE);
  try {
    fchmodSync(fd, PRIVATE_MODE);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens `path` for streaming, created or truncated, readable by the owner only (reports name
 * VoiceCalls and contacts). The stream closes its file when ended.
 *
 * @param path - the file
 * @throws the open's error (a missing folder, no permission)
 */
function openPrivateWriteStream(path: string): WriteStream {
  const fd = openSync(path, 'w', PRIVATE_MODE);
  try {
    fchmodSync(fd, PRIVATE_MODE);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return createWriteStream(path, { fd, encoding: 'utf8' });
}

export { openPrivateWriteStream, writePrivateFile };
