import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { runCli } from '../../helpers/cli.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, simulatorCliEnv } from '../../helpers/orgHarness.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';

let sim: RunningOrgSimulator;
const dir = tempDir('reconcile-cli');
const made = fsArchive();
let env: Record<string, string>;
const ctr = ctrFactory({ CustomerEndpoint: { Address: '+15555550123', Type: 'TELEPHONE_NUMBER' } });

before(async () => {
  sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 20, jitter: 20 } } });
  env = simulatorCliEnv(sim, dir.path, made.root);
  await sim.seedFromCtrs([ctr], { lostSyncFraction: 1 });
  await archiveAll(made.archive, [ctr]);
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

const window = ['--since', '2026-11-19T00:00:00Z', '--until', '2026-11-22T00:00:00Z'];

test('--dry-run prints each field it would set with its current value, and writes nothing', async () => {
  const result = await runCli(['reconcile', ...window, '--dry-run'], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /would resync 0LQ\w+ \(/);
  assert.match(result.stdout, /CustomerHoldDuration\s+null → 30/);
  assert.match(result.stdout, /CallStartDateTime\s+2026-11-20T10:00:00.000\+0000 → 2026-11-20T10:00:00Z\s+\(unchanged\)/);
  assert.match(result.stdout, /would-resync\s+1/);
  assert.equal(sim.telephonyLog().length, 0);
  assert.ok(!result.stdout.includes('5555550123'), 'no phone number printed');
});

test('a real run resyncs, writes the report file and exits 0; the summary names every outcome', async () => {
  const reportFile = join(dir.path, 'run.json');
  const result = await runCli(['reconcile', ...window, '--report', reportFile, '--verify-timeout', '30s'], env);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /resynced-confirmed\s+1/);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    summary: Record<string, number>;
    records: { outcome: string; vendorCallKey: string }[];
  };
  assert.deepEqual(
    report.records.map((r) => [r.vendorCallKey, r.outcome]),
    [[ctr.ContactId, 'resynced-confirmed']],
  );
});

test('flags are validated with the fix in the message', async () => {
  const bad = await runCli(['reconcile', '--since', 'last tuesday'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--since .*ISO 8601 time .* or a duration/);
  const inverted = await runCli(['reconcile', '--since', '1d', '--until', '3d'], env);
  assert.equal(inverted.code, 2);
  assert.match(inverted.stderr, /must be before --until/);
  const future = await runCli(['reconcile', '--since', '2099-01-01T00:00:00Z'], env);
  assert.equal(future.code, 2);
  assert.match(future.stderr, /--since \(2099-01-01T00:00:00.000Z\) is in the future/);
  assert.doesNotMatch(future.stderr, /--until/);
  const injected = await runCli(['reconcile', '--since', '1d', '--predicate', "VendorCallKey = 'x' OR Id != null"], env);
  assert.equal(injected.code, 2);
  assert.match(injected.stderr, /--predicate/);
});

test('an archive location that does not exist is a setting error (exit 2), not an empty success', async () => {
  const result = await runCli(['reconcile', ...window, '--archive', join(dir.path, 'no-such-archive')], env);
  assert.equal(result.code, 2, result.stderr + result.stdout);
  assert.match(result.stderr, /holds no CTR archive.*--archive/);
});

test('a wrong contact-center key stops the run with exit 3, naming the settings to check', async () => {
  const wrongKey = join(dir.path, 'wrong-scv.pem');
  writeFileSync(wrongKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
    mode: 0o600,
  });
  const fresh = ctrFactory();
  await sim.seedFromCtrs([fresh], { lostSyncFraction: 1 });
  await archiveAll(made.archive, [fresh]);
  const result = await runCli(['reconcile', ...window], { ...env, SCV_PRIVATE_KEY_FILE: wrongKey });
  assert.equal(result.code, 3, result.stderr + result.stdout);
  assert.match(result.stderr, /refused our credentials \(HTTP 401\).*SCV_PRIVATE_KEY_FILE/);
});

test('--contact-id reconciles exactly that call without a window; an unknown one is named and exits 1', async () => {
  const chosen = ctrFactory();
  const other = ctrFactory();
  await sim.seedFromCtrs([chosen, other], { lostSyncFraction: 1 });
  await archiveAll(made.archive, [chosen, other]);
  const result = await runCli(['reconcile', '--contact-id', `${chosen.ContactId},no-such-contact`, '--json'], env);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as { records: { vendorCallKey: string; outcome: string }[]; selection: { notFound: string[] } };
  assert.deepEqual(
    report.records.map((r) => [r.vendorCallKey, r.outcome]),
    [[chosen.ContactId, 'resynced-confirmed']],
  );
  assert.deepEqual(report.selection.notFound, ['no-such-contact']);
  const untouched = sim.findVoiceCalls(other.ContactId as string)[0];
  assert.equal(untouched?.CustomerHoldDuration ?? null, null, 'the call not named was left alone');
});

test('a window that lies inside the grace period is a flag error, not a silent empty run', async () => {
  const result = await runCli(['reconcile', '--since', '10m', '--grace', '30m'], env);
  assert.equal(result.code, 2, result.stderr + result.stdout);
  assert.match(result.stderr, /--grace 30m leaves nothing of the window/);
  const none = await runCli(['reconcile'], env);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--since is required/);
});
