import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { CSV_COLUMNS } from '../../../src/reconcile/CsvReportWriter.ts';
import { readNdjsonReport } from '../../../src/reconcile/NdjsonReportWriter.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { runCli } from '../../helpers/cli.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, simulatorCliEnv } from '../../helpers/orgHarness.ts';

let sim: RunningOrgSimulator;
const dir = tempDir('reconcile-output');
const made = fsArchive();
let env: Record<string, string>;
const PHONES = ['+15555550123', '+15555550199'];
const ctrs = [
  ctrFactory({ CustomerEndpoint: { Address: PHONES[0], Type: 'TELEPHONE_NUMBER' } }),
  ctrFactory({
    CustomerEndpoint: { Address: PHONES[1], Type: 'TELEPHONE_NUMBER' },
    SystemEndpoint: { Address: '+15555550100', Type: 'TELEPHONE_NUMBER' },
  }),
];
const window = ['--since', '2026-11-19T00:00:00Z', '--until', '2026-11-22T00:00:00Z'];

/** Every way a seeded phone number could show: whole, without +, its last 7 digits. */
function assertNoPhoneNumber(text: string): void {
  for (const phone of [...PHONES, '+15555550100']) {
    for (const form of [phone, phone.slice(1), phone.slice(-7), `${phone.slice(-7, -4)}-${phone.slice(-4)}`]) {
      assert.ok(!text.includes(form), `no phone number (${form}) in the output`);
    }
  }
}

before(async () => {
  sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 20, jitter: 20 } } });
  env = simulatorCliEnv(sim, dir.path, made.root);
  await sim.seedFromCtrs(ctrs, { lostSyncFraction: 1 });
  await archiveAll(made.archive, ctrs);
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

test('--format csv --dry-run writes only CSV rows on stdout (summary on stderr); --report .ndjson streams records + a summary line', async () => {
  const ndjson = join(dir.path, 'dry.ndjson');
  const result = await runCli(['reconcile', ...window, '--dry-run', '--format', 'csv', '--report', ndjson], env);
  assert.equal(result.code, 0, result.stderr);
  const rows = result.stdout.split('\r\n');
  assert.equal(rows[0], CSV_COLUMNS.join(','));
  assert.equal(rows.length, 4, 'a header, a row per candidate, and the empty rest after the last CRLF');
  assert.deepEqual(
    rows.slice(1, 3).map((r) => r.split(',')[2]),
    ['would-resync', 'would-resync'],
  );
  assert.deepEqual(
    rows
      .slice(1, 3)
      .map((r) => r.split(',')[1])
      .sort(),
    ctrs.map((c) => c.ContactId).sort(),
  );
  assert.match(result.stderr, /would-resync\s+2/);
  const report = readNdjsonReport(readFileSync(ndjson, 'utf8'));
  assert.equal(report.records.length, 2);
  assert.equal(report.summary?.summary.candidates, 2);
  assert.equal(statSync(ndjson).mode & 0o777, 0o600, 'the report is readable by its owner only');
  assertNoPhoneNumber(result.stdout + result.stderr);
});

test('--verbose: one JSON event a line on stderr (settings, page, each PATCH, verify polls, the end), never a phone number; --report .csv', async () => {
  const csv = join(dir.path, 'run.csv');
  const result = await runCli(['reconcile', ...window, '--verbose', '--report', csv, '--verify-timeout', '30s'], env);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const events = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; level: string; [field: string]: unknown });
  const names = events.map((e) => e.msg);
  assert.equal(names[0], 'Reconcile settings');
  assert.equal(names[1], 'Reconcile run started');
  assert.equal(names.at(-1), 'Reconcile run finished');
  assert.equal(events.find((e) => e.msg === 'Candidate page fetched')?.totalSize, 2);
  const patched = events.filter((e) => e.msg === 'PATCH accepted').map((e) => e.voiceCallId);
  assert.equal(patched.length, 2);
  assert.ok(patched.every((id) => typeof id === 'string' && /^0LQ\w{15}$/.test(id)));
  const polls = events.filter((e) => e.msg === 'Verify poll');
  assert.equal(
    polls.reduce((n, e) => n + (e.landed as number), 0),
    2,
    'the polls saw both PATCHes land',
  );
  assert.ok(!JSON.stringify(events[0]).includes('PRIVATE KEY'), 'no secret among the settings');
  // The progress lines carry the same facts; the last one is the final state.
  const progress = result.stderr.split('\n').filter((line) => / reconcile phase=/.test(line));
  assert.match(progress.at(-1) ?? '', /phase=verify done=2 total=2 patches=2 .*confirmed=2 .*awaiting=0 .* final$/);
  assertNoPhoneNumber(result.stderr + result.stdout);
  const rows = readFileSync(csv, 'utf8').split('\r\n');
  assert.equal(rows.length, 4);
  assert.ok(rows.slice(1, 3).every((r) => r.split(',')[2] === 'resynced-confirmed'));
  assertNoPhoneNumber(readFileSync(csv, 'utf8'));
});

test('a --report file with an unknown extension, or in a folder that does not exist, is a flag error (exit 2) naming the fix', async () => {
  const result = await runCli(['reconcile', ...window, '--report', join(dir.path, 'run.txt')], env);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--report names a file ending in \.json/);
  const unwritable = await runCli(['reconcile', ...window, '--report', join(dir.path, 'no-such-folder', 'run.csv')], env);
  assert.equal(unwritable.code, 2, unwritable.stderr);
  assert.match(unwritable.stderr, /--report could not be created \(ENOENT\): give a file in an existing folder/);
});
