import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningConnectSimulator, startConnectSimulator } from '@ctr-resync/connect-simulator';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import { auditCommand } from '../../../src/cli/commands/audit.ts';
import { dataLakeImportCommand } from '../../../src/cli/commands/dataLakeImport.ts';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { ctrToSimulatorRow, TEST_INSTANCE_ID } from '../../helpers/dataLakeRows.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll } from '../../helpers/orgHarness.ts';

let org: RunningOrgSimulator;
let connect: RunningConnectSimulator;
const dir = tempDir('audit');
const made = fsArchive();
let env: Record<string, string>;

const at = (hh: string) => `2026-11-20T${hh}:00:00Z`;
const A = ctrFactory({ InitiationTimestamp: at('08') });
const B = ctrFactory({ InitiationTimestamp: at('09') });
const C = ctrFactory({ InitiationTimestamp: at('10') });
const D = ctrFactory({ InitiationTimestamp: at('11') });
const E = ctrFactory({ InitiationTimestamp: at('12') });

/** Runs one of the new command files in-process (they are not registered in main.ts). */
async function run(build: (io: CliIo) => import('commander').Command, args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: process.cwd(),
    now: () => new Date('2026-11-23T12:00:00Z'),
  };
  await build(io).exitOverride().parseAsync(args, { from: 'user' });
  return { stdout, stderr };
}

before(async () => {
  // The AWS SDK's default credential chain reads the process environment (this file runs in its own process).
  process.env.AWS_ACCESS_KEY_ID = 'simulated';
  process.env.AWS_SECRET_ACCESS_KEY = 'simulated';
  org = await startOrgSimulator({ scvSync });
  connect = await startConnectSimulator({ rows: [A, B, C, D].map((c) => ctrToSimulatorRow(c)), athena: { queuedPolls: 0, runningPolls: 1 } });
  const keys = org.generatedCredentials!;
  writeFileSync(join(dir.path, 'sf.pem'), keys.connectedApp.privateKeyPem, { mode: 0o600 });
  env = {
    CTR_ARCHIVE: made.root,
    SF_LOGIN_URL: org.url,
    SF_CLIENT_ID: keys.connectedApp.clientId,
    SF_USERNAME: keys.connectedApp.username,
    SF_PRIVATE_KEY_FILE: join(dir.path, 'sf.pem'),
    CONNECT_INSTANCE_ID: TEST_INSTANCE_ID,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_CONNECT: connect.url,
    AWS_ENDPOINT_URL_ATHENA: connect.url,
  };
  // A, B have VoiceCalls; C none; D was never archived (a capture gap); E's VoiceCall has no Connect contact.
  await org.seedFromCtrs([A, B, E], { lostSyncFraction: 0 });
  await archiveAll(made.archive, [A, B, C]);
});
after(async () => {
  await org.close();
  await connect.close();
  made.remove();
  dir.remove();
});

const WINDOW_ARGS = ['--since', '2026-11-20T00:00:00Z', '--until', '2026-11-21T00:00:00Z', '--json'];

for (const source of ['search-contacts', 'data-lake'] as const) {
  test(`audit --source ${source}: capture gaps, voice contacts without VoiceCall, VoiceCalls without contact`, async () => {
    const { stdout } = await run(auditCommand, [...WINDOW_ARGS, '--source', source]);
    const report = JSON.parse(stdout) as { totals: Record<string, number>; days: { samples: { captureGaps: string[] } }[] };
    assert.equal(report.totals.connectContacts, 4);
    assert.equal(report.totals.archivedContacts, 3);
    assert.equal(report.totals.captureGaps, 1);
    assert.deepEqual(report.days[0]?.samples.captureGaps, [D.ContactId]);
    assert.equal(report.totals.voiceCalls, 3);
    assert.equal(report.totals.voiceContactsWithoutVoiceCall, 2);
    assert.equal(report.totals.voiceCallsWithoutContact, 1);
  });
}

test('audit prints a table by default', async () => {
  const { stdout } = await run(
    auditCommand,
    WINDOW_ARGS.filter((a) => a !== '--json'),
  );
  assert.match(stdout, /^Audit 2026-11-20T00:00:00.000Z/);
  assert.match(stdout, /2026-11-20\s+4\s+3\s+1/);
});

test('audit --html writes a self-contained page: the gaps per day charted and tabled, counts only, no ids', async () => {
  const file = join(dir.path, 'audit.html');
  const { stdout } = await run(auditCommand, [...WINDOW_ARGS.filter((a) => a !== '--json'), '--html', file]);
  const html = readFileSync(file, 'utf8');
  assert.match(stdout, /HTML report written to/);
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /default-src 'none'/, 'loads nothing from anywhere');
  assert.ok(!/<script/i.test(html), 'no script');
  assert.match(html, /<strong>1<\/strong> of 4 contacts Connect knows are missing from the archive/);
  assert.match(html, /<title>2026-11-20: 1 contacts missing from the archive \(capture gaps\)<\/title>/);
  for (const ctr of [A, B, C, D, E]) assert.ok(!html.includes(ctr.ContactId as string), 'no ContactId on the page');
  assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by its owner only');
});

test('archive import-data-lake stores each rebuilt CTR once, marked data-lake, never shadowing a captured one', async () => {
  const { stdout } = await run(dataLakeImportCommand, WINDOW_ARGS);
  const summary = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(summary.rows, 4);
  assert.equal(summary.complete, 4);
  assert.equal(summary.undecidable, 0);
  assert.equal(summary.stored, 4);
  assert.equal(summary.duplicate, 0);
  assert.equal(summary.failed, 0);
  // D was never captured: its rebuilt version is what reconcile gets. A was: the capture wins.
  assert.equal((await made.archive.latestFromAnySource(D.ContactId as string))?.source, 'data-lake');
  const a = await made.archive.latestFromAnySource(A.ContactId as string);
  assert.equal(a?.source, 'capture');
  assert.equal(a?.ctr.raw, JSON.stringify(A));

  // Assess: a re-import stores nothing new.
  const again = JSON.parse((await run(dataLakeImportCommand, WINDOW_ARGS)).stdout) as Record<string, unknown>;
  assert.deepEqual([again.stored, again.duplicate], [0, 4]);
});

test('after the import the audit still counts the never-captured contact as a capture gap', async () => {
  const { stdout } = await run(auditCommand, [...WINDOW_ARGS, '--source', 'data-lake']);
  const report = JSON.parse(stdout) as { totals: Record<string, number> };
  assert.equal(report.totals.archivedContacts, 3);
  assert.equal(report.totals.captureGaps, 1);
});

test('archive import-data-lake prints a summary table by default', async () => {
  const { stdout } = await run(
    dataLakeImportCommand,
    WINDOW_ARGS.filter((a) => a !== '--json'),
  );
  assert.match(stdout, /4 rows/);
  assert.match(stdout, /stored 0 {2}duplicate 4/);
});
