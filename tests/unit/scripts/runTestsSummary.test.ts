import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

const run = promisify(execFile);
const RUNNER = fileURLToPath(new URL('../../../scripts/run-tests.mjs', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/.run-tests/', import.meta.url));

test('the summary line counts skipped tests and skipped suites', async () => {
  // Act: the runner on a folder with one passing test and three skips (option, t.skip(), a skipped describe).
  // NODE_TEST_CONTEXT would make the child's run() think it is nested in this test file and run nothing.
  const { NODE_TEST_CONTEXT: _nested, ...env } = process.env;
  const { stdout } = await run(process.execPath, [RUNNER, FIXTURE, '--no-build'], { env });
  // Assess
  assert.match(stdout, /^1 passed, 0 failed, 3 skipped$/m);
});
