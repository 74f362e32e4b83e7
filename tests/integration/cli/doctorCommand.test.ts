import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { runCli } from '../../helpers/cli.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, simulatorCliEnv } from '../../helpers/orgHarness.ts';

let sim: RunningOrgSimulator;
const dir = tempDir('doctor-cli');
const made = fsArchive();
let env: Record<string, string>;
const ctr = ctrFactory({ CustomerEndpoint: { Address: '+15555550123', Type: 'TELEPHONE_NUMBER' } });

function wrongKeyFile(name: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
    mode: 0o600,
  });
  return path;
}

interface JsonReport {
  ok: boolean;
  exitCode: number;
  checks: { name: string; status: string; detail: string; fix?: string }[];
}

const statusOf = (report: JsonReport, prefix: string): string | undefined => report.checks.find((c) => c.name.startsWith(prefix))?.status;

before(async () => {
  sim = await startOrgSimulator({ scvSync });
  env = simulatorCliEnv(sim, dir.path, made.root);
  await sim.seedFromCtrs([ctr], { lostSyncFraction: 0 });
  await archiveAll(made.archive, [ctr]);
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

test('everything right: every line is ✓, exit 0, and nothing in the org or the archive changed', async () => {
  // Prepare
  const before = sim.telephonyLog().length;
  const archiveBefore = readdirSync(made.root).sort();
  // Act
  const result = await runCli(['doctor'], env);
  // Assess
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('✓ ')).length, 9, result.stdout);
  assert.ok(!lines.some((l) => l.startsWith('✗ ')));
  assert.match(result.stdout, /✓ Telephony API: accepts our JWT: JWT signed and accepted \(HTTP 400/);
  assert.match(result.stdout, /✓ Salesforce: API version 61\.0: listed/);
  assert.match(result.stdout, /All checks passed\./);
  // The one probe PATCH was refused for its body, so nothing was scheduled or applied.
  const log = sim.telephonyLog().slice(before);
  assert.deepEqual(
    log.map((e) => [e.status, e.outcome]),
    [[400, 'rejected']],
  );
  // The write probe under doctor/ was deleted (its folder may stay behind, empty).
  const after = readdirSync(made.root).sort();
  assert.deepEqual(
    after.filter((n) => n !== 'doctor'),
    archiveBefore,
  );
  if (after.includes('doctor')) assert.deepEqual(readdirSync(join(made.root, 'doctor')), []);
  assert.ok(!result.stdout.includes('5555550123'), 'no phone number printed');
});

test('--json prints every check with its status and the exit status', async () => {
  const result = await runCli(['doctor', '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.ok, true);
  assert.equal(report.checks.length, 9);
  assert.ok(report.checks.every((c) => c.status === 'ok'));
});

test('a wrong contact-center key: ✗ on the Telephony line with the fix, exit 3', async () => {
  const result = await runCli(['doctor'], { ...env, SCV_PRIVATE_KEY_FILE: wrongKeyFile('wrong-scv.pem') });
  assert.equal(result.code, 3, result.stdout + result.stderr);
  assert.match(result.stdout, /✗ Telephony API: accepts our JWT: HTTP 401/);
  assert.match(result.stdout, /fix: the Telephony API refused our JWT: SCV_PRIVATE_KEY_FILE/);
  assert.match(result.stdout, /✓ Salesforce: login/);
});

test('a wrong connected-app key: ✗ on the login line, the org checks after it skipped, exit 3', async () => {
  const result = await runCli(['doctor', '--json'], { ...env, SF_PRIVATE_KEY_FILE: wrongKeyFile('wrong-sf.pem') });
  assert.equal(result.code, 3, result.stdout + result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(statusOf(report, 'Salesforce: login'), 'dependency');
  assert.equal(statusOf(report, 'Salesforce: API version'), 'skipped');
  assert.equal(statusOf(report, 'Salesforce: VoiceCall fields'), 'skipped');
  assert.equal(statusOf(report, 'Telephony API'), 'ok');
  assert.match(report.checks.find((c) => c.name.startsWith('Salesforce: login'))?.fix ?? '', /SF_PRIVATE_KEY_FILE/);
});

test('a missing setting: one ✗ line naming it, the checks that need it skipped, exit 2', async () => {
  const { SF_CLIENT_ID: _, ...rest } = env;
  const result = await runCli(['doctor'], rest);
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /✗ settings: Salesforce \(SF_\*\): SF_CLIENT_ID is not set/);
  assert.match(result.stdout, /- Salesforce: login \(token request\): skipped: needs valid Salesforce settings/);
  assert.match(result.stdout, /✓ archive: reachable, readable, holds CTRs/);
  assert.match(result.stdout, /✓ Telephony API: accepts our JWT/);
});

test('an empty archive folder: ✗ with the fix (import CTRs or point CTR_ARCHIVE at the root), exit 2', async () => {
  const empty = join(dir.path, 'empty-archive');
  mkdirSync(empty);
  const result = await runCli(['doctor', '--archive', empty], env);
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /✗ archive: reachable, readable, holds CTRs: .* holds no CTR/);
  assert.match(result.stdout, /fix: point CTR_ARCHIVE \(or --archive\) at the archive root, or fill it: ctr-resync archive import/);
});

test('an API version the org does not offer: ✗ naming SF_API_VERSION, exit 2', async () => {
  const result = await runCli(['doctor'], { ...env, SF_API_VERSION: '40.0' });
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /✗ Salesforce: API version 40\.0: the org does not offer it/);
  assert.match(result.stdout, /fix: set SF_API_VERSION/);
});
