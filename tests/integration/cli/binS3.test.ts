import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { useTestS3 } from '../../helpers/archives.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/ctr-resync.mjs', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../fixtures/samples/', import.meta.url));

const testS3 = useTestS3();

test('the installed CLI reaches an S3 bucket by standard AWS settings alone', async () => {
  // Prepare: nothing but environment variables point the CLI at the local server.
  const env = {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL_S3: testS3().endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    CTR_ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
    CTR_ARCHIVE: `s3://${testS3().bucket}/bin-test`,
  };
  // Act
  const imported = await run(process.execPath, [BIN, 'archive', 'import', SAMPLES, '--json'], { env });
  const shown = await run(process.execPath, [BIN, 'archive', 'show', 'c0ffee00-0000-4000-8000-000000000001', '--json'], { env });
  // Assess
  const summary = JSON.parse(imported.stdout) as { stored: number; duplicate: number; failed: number; archive: string };
  assert.equal(summary.archive, `s3://${testS3().bucket}/bin-test/`);
  assert.equal(summary.failed, 0);
  assert.equal(summary.stored, 2);
  const versions = JSON.parse(shown.stdout) as { lastUpdateTimestamp: string }[];
  assert.deepEqual(
    versions.map((v) => v.lastUpdateTimestamp),
    ['2022-01-11T04:09:47.000Z', '2022-01-05T17:48:35.000Z'],
  );
});
