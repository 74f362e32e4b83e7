import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCaptureSettings } from '../../../src/config/archiveLocation.ts';
import { ConfigError } from '../../../src/errors.ts';

test('archive writes in flight default to 64 on S3 and 16 in a folder, with two sockets per write', () => {
  const s3 = parseCaptureSettings({ CTR_ARCHIVE: 's3://ctr-archive/prod' });
  assert.equal(s3.concurrency, 64);
  assert.equal(s3.s3.maxSockets, 128);
  const fs = parseCaptureSettings({ CTR_ARCHIVE: './archive' });
  assert.equal(fs.concurrency, 16);
});

test('CTR_ARCHIVE_CONCURRENCY sets them, and a --concurrency flag overrides it', () => {
  const env = { CTR_ARCHIVE: 's3://ctr-archive/prod', CTR_ARCHIVE_CONCURRENCY: '100' };
  assert.equal(parseCaptureSettings(env).concurrency, 100);
  assert.equal(parseCaptureSettings(env).s3.maxSockets, 200);
  assert.equal(parseCaptureSettings(env, undefined, 8).concurrency, 8);
  assert.equal(parseCaptureSettings(env, undefined, 8).s3.maxSockets, 16);
});

test('a concurrency outside 1..1024 is refused, naming the setting', () => {
  for (const bad of ['0', '1025', 'lots', '-3']) {
    assert.throws(
      () => parseCaptureSettings({ CTR_ARCHIVE: 's3://ctr-archive/prod', CTR_ARCHIVE_CONCURRENCY: bad }),
      (error: unknown) => error instanceof ConfigError && /CTR_ARCHIVE_CONCURRENCY must be a whole number from 1 to 1024/.test(error.message),
    );
  }
});
