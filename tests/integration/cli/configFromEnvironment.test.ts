import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { runCli } from '../../helpers/cli.ts';
import { fsArchive, tempDir } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, simulatorCliEnv } from '../../helpers/orgHarness.ts';

let sim: RunningOrgSimulator;
const dir = tempDir('config-env');
const made = fsArchive();
let env: Readonly<Record<string, string>>;
const window = ['--since', '2026-11-19T00:00:00Z', '--until', '2026-11-22T00:00:00Z'];

before(async () => {
  sim = await startOrgSimulator({ scvSync, config: { applyDelayMs: { fixed: 20, jitter: 20 } } });
  const ctr = ctrFactory();
  await sim.seedFromCtrs([ctr], { lostSyncFraction: 1 });
  await archiveAll(made.archive, [ctr]);
  // CTR_ARCHIVE points elsewhere: only --archive can make the run find the CTR.
  env = Object.freeze({ ...simulatorCliEnv(sim, dir.path, made.root), CTR_ARCHIVE: `${dir.path}/empty-archive` });
});
after(async () => {
  await sim.close();
  made.remove();
  dir.remove();
});

test('a CLI run writes neither process.env nor its (frozen) environment; --archive overrides CTR_ARCHIVE', async () => {
  // Prepare
  const before = JSON.stringify(process.env);

  // Act
  const run = await runCli(['reconcile', ...window, '--dry-run', '--archive', made.root], env);
  const report = await runCli(['report', ...window, '--json', '--archive', made.root], env);
  const show = await runCli(['archive', 'show', 'c0ffee00-0000-4000-8000-000000000001', '--archive', made.root], env);

  // Assess
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /would-resync\s+1/);
  assert.equal(report.code, 0, report.stderr);
  assert.equal((JSON.parse(report.stdout) as { totals: { fixableFromArchive: number } }).totals.fixableFromArchive, 1);
  assert.notEqual(show.code, 2, show.stderr);
  assert.equal(JSON.stringify(process.env), before);
  assert.ok(Object.isFrozen(env));
});

test('out-of-range flags and a zone-less time are usage errors (exit 2) naming the flag, not crashes', async () => {
  for (const [args, flag] of [
    [['--since', '400000d'], '--since'],
    [['--since', '2026-11-19T00:00:00'], '--since'],
    [['--since', '1d', '--grace', '400000d'], '--grace'],
    [['--since', '1d', '--verify-timeout', '0s'], '--verify-timeout'],
  ] as const) {
    const result = await runCli(['reconcile', ...args], env);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`^error: ${flag}`), result.stderr);
  }
  const report = await runCli(['report', '--since', '400000d'], env);
  assert.equal(report.code, 2, report.stderr);
  assert.match(report.stderr, /--since .*out of range/);
});

test("--rate above SCV's documented 50 calls/s runs, with a warning on stderr; at 50 there is none", async () => {
  const above = await runCli(['reconcile', ...window, '--dry-run', '--rate', '120', '--archive', made.root], env);
  const at = await runCli(['reconcile', ...window, '--dry-run', '--rate', '50', '--archive', made.root], env);
  assert.equal(above.code, 0, above.stderr);
  assert.match(above.stderr, /^warning: --rate 120 is above SCV's documented limit of 50 calls per second per org/m);
  assert.equal(at.code, 0, at.stderr);
  assert.doesNotMatch(at.stderr, /warning:/);
});
