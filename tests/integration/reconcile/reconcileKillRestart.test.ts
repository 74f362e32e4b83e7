import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { generateContactCenterDay } from '@ctr-resync/org-simulator/offline';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { archiveAll, simulatorCliEnv } from '../../helpers/orgHarness.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';

const BIN = fileURLToPath(new URL('../../../bin/ctr-resync.mjs', import.meta.url));
let sim: RunningOrgSimulator;
const dir = tempDir('kill');
const made = fsArchive();
let env: Record<string, string>;

before(async () => {
  sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 50, jitter: 50 }, telephonyRatePerSecond: 1000 } });
  env = { PATH: process.env.PATH ?? '', ...simulatorCliEnv(sim, dir.path, made.root) };
  const day = generateContactCenterDay({ day: '2026-11-20', records: 500, seed: 21, neverArchived: 0 });
  await sim.seedFromCtrs(day.ctrs, { lostSyncFraction: 0.2, seed: 2 });
  await archiveAll(made.archive, day.ctrs);
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

function reconcile(extra: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string }> } {
  const args = [
    BIN,
    'reconcile',
    '--since',
    '2026-11-01T00:00:00Z',
    '--until',
    '2026-11-23T00:00:00Z',
    '--rate',
    '20',
    '--concurrency',
    '4',
    '--verify-timeout',
    '3s',
    ...extra,
  ];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', () => undefined);
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout }))) };
}

test('a run killed halfway and restarted finishes the work with no double PATCH', async () => {
  // Act 1: start the CLI and SIGKILL it once about a third of the PATCHes have gone out.
  const first = reconcile();
  for (let i = 0; i < 400 && sim.telephonyLog().length < 25; i += 1) await new Promise((r) => setTimeout(r, 25));
  first.child.kill('SIGKILL');
  await first.done;
  const sentBeforeKill = sim.telephonyLog().length;
  assert.ok(sentBeforeKill >= 25, `the first run had sent ${sentBeforeKill} PATCHes when killed`);

  // Act 2: run again, as an operator (or the next schedule) would.
  const second = await reconcile(['--json']).done;
  const report = JSON.parse(second.stdout) as { summary: Record<string, number> };

  // Assess: nothing was PATCHed twice, and the restart finished the rest.
  const perId = new Map<string, number>();
  for (const e of sim.telephonyLog()) perId.set(e.id, (perId.get(e.id) ?? 0) + 1);
  assert.ok(
    [...perId.values()].every((n) => n === 1),
    'each VoiceCall PATCHed at most once',
  );
  assert.equal(report.summary.failed, 0);
  assert.ok(report.summary['resynced-confirmed']! > 0, 'the restart patched what the first run had not reached');
  assert.equal(perId.size, sentBeforeKill + report.summary.patchesSent!, 'the restart sent only to VoiceCalls the first run had not');
  // At most the PATCHes in flight at the kill (concurrency 4) can be unknown; --retry-unconfirmed finishes them.
  assert.ok(report.summary['resynced-unconfirmed']! <= 4);
  const third = JSON.parse((await reconcile(['--json', '--retry-unconfirmed']).done).stdout) as { summary: Record<string, number> };
  assert.equal(third.summary.failed! + third.summary['resynced-unconfirmed']!, 0);
});
