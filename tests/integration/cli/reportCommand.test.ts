import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { runCli } from '../../helpers/cli.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll } from '../../helpers/orgHarness.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';

let sim: RunningOrgSimulator;
const dir = tempDir('report');
const made = fsArchive();
let env: Record<string, string>;

before(async () => {
  sim = await startOrgSimulator({ scvSync });
  const keys = sim.generatedCredentials!;
  writeFileSync(join(dir.path, 'sf.pem'), keys.connectedApp.privateKeyPem, { mode: 0o600 });
  env = {
    CTR_ARCHIVE: made.root,
    SF_LOGIN_URL: sim.url,
    SF_CLIENT_ID: keys.connectedApp.clientId,
    SF_USERNAME: keys.connectedApp.username,
    SF_PRIVATE_KEY_FILE: join(dir.path, 'sf.pem'),
  };
  const synced = [ctrFactory(), ctrFactory()];
  const lostOne = ctrFactory({ InitiationTimestamp: '2026-11-21T09:00:00Z' });
  const orphan = ctrFactory({ InitiationTimestamp: '2026-11-21T10:00:00Z' });
  // SCV's rules skip a NoSync contact: its VoiceCall stays empty by design (excluded, not fixable)
  const noSync = ctrFactory({ InitiationTimestamp: '2026-11-21T11:00:00Z', Attributes: { NoSync: 'true' } });
  await sim.seedFromCtrs(synced, { lostSyncFraction: 0 });
  await sim.seedFromCtrs([lostOne, noSync], { lostSyncFraction: 1 });
  await archiveAll(made.archive, [...synced, lostOne, orphan, noSync]);
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

test('report: coverage per day as a table, JSON and an HTML page', async () => {
  const html = join(dir.path, 'coverage.html');
  const args = ['report', '--since', '2026-11-20T00:00:00Z', '--until', '2026-11-22T00:00:00Z'];
  const table = await runCli([...args, '--html', html], env);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /2026-11-20/);
  assert.match(table.stdout, /2026-11-21/);
  // 2 of 3 syncable calls hold CTR data: the NoSync call does not count against coverage
  assert.match(table.stdout, /^Total\s+4\s+2\s+66\.6%\s+2\s+1\s+1\s+1\s+0$/m);
  type Day = {
    day: string;
    voiceCalls: number;
    withCtrData: number;
    missingCtrData: number;
    fixableFromArchive: number;
    excludedByScvRules: number;
    orphanedCtrs: number;
  };
  const json = JSON.parse((await runCli([...args, '--json'], env)).stdout) as { days: Day[]; totals: Omit<Day, 'day'> };
  assert.deepEqual(
    json.days.map((d) => [d.day, d.voiceCalls, d.withCtrData, d.missingCtrData, d.fixableFromArchive, d.excludedByScvRules, d.orphanedCtrs]),
    [
      ['2026-11-20', 2, 2, 0, 0, 0, 0],
      ['2026-11-21', 2, 0, 2, 1, 1, 1],
    ],
  );
  assert.equal(json.totals.excludedByScvRules, 1);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /id="coverage-chart"/);
  assert.match(page, /<strong>66\.6%<\/strong> of 3 syncable voice calls hold CTR data\./);
});

test('report names a missing setting', async () => {
  const result = await runCli(['report', '--since', '7d'], { CTR_ARCHIVE: made.root });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /SF_LOGIN_URL/);
});

test('the HTML page is private (mode 0600): new, and when it replaces a readable file', async () => {
  const args = ['report', '--since', '2026-11-20T00:00:00Z', '--until', '2026-11-22T00:00:00Z'];
  const fresh = join(dir.path, 'fresh.html');
  const existing = join(dir.path, 'existing.html');
  writeFileSync(existing, 'old', { mode: 0o644 });
  assert.equal((await runCli([...args, '--html', fresh], env)).code, 0);
  assert.equal((await runCli([...args, '--html', existing], env)).code, 0);
  assert.equal(statSync(fresh).mode & 0o777, 0o600);
  assert.equal(statSync(existing).mode & 0o777, 0o600);
  assert.match(readFileSync(existing, 'utf8'), /id="coverage-chart"/);
});
