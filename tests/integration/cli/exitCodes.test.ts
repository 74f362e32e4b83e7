// The README's exit-code table, walked row by row through the real CLI: runCli (main() in-process)
// against the org simulator and folder archives, and the built bin where the AWS SDK reads the
// process environment (S3 credentials, endpoint).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import { main } from '../../../src/cli/main.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { fsArchive, tempDir, useTestS3 } from '../../helpers/archives.ts';
import { runCli } from '../../helpers/cli.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, simulatorCliEnv } from '../../helpers/orgHarness.ts';

const BIN = fileURLToPath(new URL('../../../bin/ctr-resync.mjs', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../fixtures/samples/', import.meta.url));
const SECRET = 'Sup3rS3cr3t-b7e4c1d9a2f0';

let sim: RunningOrgSimulator;
const dir = tempDir('exit-codes');
const made = fsArchive();
let env: Record<string, string>;
const ctr = ctrFactory();
const window = ['--since', '2026-11-19T00:00:00Z', '--until', '2026-11-22T00:00:00Z'];
const testS3 = useTestS3();

before(async () => {
  sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 10, jitter: 10 } } });
  env = simulatorCliEnv(sim, dir.path, made.root);
  await sim.seedFromCtrs([ctr], { lostSyncFraction: 1 });
  await archiveAll(made.archive, [ctr]);
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

/** Runs the built CLI with exactly `childEnv` (plus PATH), so the AWS SDK sees only what the test sets. */
function runBin(args: readonly string[], childEnv: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir.path, ...childEnv } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function assertSafe(result: { stdout: string; stderr: string }, ...secrets: string[]): void {
  for (const s of secrets) assert.ok(!result.stdout.includes(s) && !result.stderr.includes(s), `echoed a secret: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /: Error\b/, 'names what failed, not just "Error"');
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace outside row 70');
}

describe('0: everything asked for was done', () => {
  test('archive import into a folder', async () => {
    const result = await runCli(['archive', 'import', SAMPLES, '--archive', join(dir.path, 'row0')], {});
    assert.equal(result.code, 0, result.stderr);
  });
  test('reconcile against the simulator: resynced and confirmed', async () => {
    const result = await runCli(['reconcile', ...window, '--verify-timeout', '30s'], env);
    assert.equal(result.code, 0, result.stderr + result.stdout);
  });
});

describe('1: the command ran, but some records failed or could not be read', () => {
  test('archive import of a truncated gzip file: a file error, what was read is kept', async () => {
    const file = join(dir.path, 'cut.json.gz');
    writeFileSync(file, gzipSync(Buffer.from(`${JSON.stringify(ctrFactory())}\n`.repeat(50))).subarray(0, 200));
    const result = await runCli(['archive', 'import', file, '--archive', join(dir.path, 'row1')], {});
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /cut\.json\.gz/);
  });
});

describe('2: a flag, argument or setting is wrong; the message names it and the fix, never its value', () => {
  test('an unknown option carrying a secret', async () => {
    const result = await runCli(['reconcile', `--sf-client-secret=${SECRET}`, ...window], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--sf-client-secret/);
    assertSafe(result, SECRET);
  });
  test('--since 400000d (beyond 3660 days)', async () => {
    const result = await runCli(['reconcile', '--since', '400000d'], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--since/);
    assertSafe(result);
  });
  test('--archive naming a file, not a folder', async () => {
    const result = await runCli(['archive', 'import', SAMPLES, '--archive', '/etc/hostname'], {});
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--archive/);
    assertSafe(result);
  });
  test('an EC private key in SF_PRIVATE_KEY_FILE, and in SCV_PRIVATE_KEY_FILE', async () => {
    const ec = join(dir.path, 'ec.pem');
    writeFileSync(ec, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    for (const name of ['SF_PRIVATE_KEY_FILE', 'SCV_PRIVATE_KEY_FILE']) {
      const result = await runCli(['reconcile', ...window], { ...env, [name]: ec });
      assert.equal(result.code, 2, `${name}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(name));
      assertSafe(result);
    }
  });
  test('a call center API name with a space', async () => {
    const result = await runCli(['reconcile', ...window], { ...env, SCV_CALL_CENTER_API_NAME: 'My Center' });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /SCV_CALL_CENTER_API_NAME/);
    assertSafe(result, 'My Center');
  });
  test('a predicate the validator accepts but the org refuses (unknown field): --predicate with the org message', async () => {
    const result = await runCli(['reconcile', ...window, '--dry-run', '--predicate', 'NoSuchField__c = null'], env);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--predicate/);
    assert.match(result.stderr, /No such column 'NoSuchField__c'/);
    assertSafe(result);
  });
});

describe('3: a dependency could not be reached or refused access; fail fast, naming the settings', () => {
  test('a wrong Salesforce client id, username or private key (invalid_grant / invalid_client)', async () => {
    const otherKey = join(dir.path, 'other.pem');
    writeFileSync(otherKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    for (const wrong of [{ SF_CLIENT_ID: '3MVG9wrongConsumerKey' }, { SF_USERNAME: 'nobody@example.com' }, { SF_PRIVATE_KEY_FILE: otherKey }]) {
      const result = await runCli(['reconcile', ...window, '--dry-run'], { ...env, ...wrong });
      assert.equal(result.code, 3, `${Object.keys(wrong)[0]}: ${result.stderr}`);
      assert.match(result.stderr, /SF_CLIENT_ID/);
      assert.match(result.stderr, /SF_USERNAME/);
      assert.match(result.stderr, /SF_PRIVATE_KEY_FILE/);
      assertSafe(result);
    }
  });
  test('a wrong client secret (client-credentials flow)', async () => {
    const { SF_USERNAME: _u, SF_PRIVATE_KEY_FILE: _k, ...rest } = env;
    const result = await runCli(['report', ...window], { ...rest, SF_CLIENT_SECRET: SECRET });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /SF_CLIENT_SECRET/);
    assertSafe(result, SECRET);
  });
  test('an unreachable org', async () => {
    const result = await runCli(['reconcile', ...window, '--dry-run'], { ...env, SF_LOGIN_URL: `http://127.0.0.1:${await closedPort()}` });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /SF_LOGIN_URL/);
    assertSafe(result);
  });
  const s3Env = (): Record<string, string> => ({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: testS3().endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_EC2_METADATA_DISABLED: 'true',
    CTR_ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
  });
  test('a nonexistent bucket', async () => {
    const result = await runBin(['archive', 'import', SAMPLES], { ...s3Env(), CTR_ARCHIVE: 's3://no-such-bucket-here/x' });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /CTR_ARCHIVE/);
    assert.match(result.stderr, /no-such-bucket-here/);
    assertSafe(result);
  });
  test('missing AWS credentials', async () => {
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...noCredentials } = s3Env();
    const result = await runBin(['archive', 'import', SAMPLES], { ...noCredentials, CTR_ARCHIVE: `s3://${testS3().bucket}/x` });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /credentials/i);
    assert.match(result.stderr, /AWS_PROFILE|AWS_ACCESS_KEY_ID/);
    assertSafe(result);
  });
  test('an unreachable S3 endpoint', async () => {
    const result = await runBin(['archive', 'import', SAMPLES], {
      ...s3Env(),
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${await closedPort()}`,
      AWS_MAX_ATTEMPTS: '1',
      CTR_ARCHIVE: `s3://${testS3().bucket}/x`,
    });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /AWS_ENDPOINT_URL_S3|AWS_REGION/);
    assertSafe(result);
  });
  test('the Telephony API refusing the contact center key', async () => {
    const otherKey = join(dir.path, 'other-scv.pem');
    writeFileSync(otherKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    const second = ctrFactory();
    await sim.seedFromCtrs([second], { lostSyncFraction: 1 });
    await archiveAll(made.archive, [second]);
    const result = await runCli(['reconcile', ...window], { ...env, SCV_PRIVATE_KEY_FILE: otherKey });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /SCV_PRIVATE_KEY_FILE/);
    assertSafe(result);
  });
});

describe('70: an unexpected internal error (a bug): the stack trace is printed', () => {
  test('a non-project error thrown inside a command goes through main() as 70 with its stack', async () => {
    let stderr = '';
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
      cwd: process.cwd(),
      now: () => {
        throw new TypeError('deliberate bug');
      },
    };
    const code = await main(['node', 'ctr-resync', 'archive', 'import', SAMPLES, '--archive', join(dir.path, 'row70')], io);
    assert.equal(code, 70);
    assert.match(stderr, /internal error/);
    assert.match(stderr, /TypeError: deliberate bug\n\s+at /);
  });
});
