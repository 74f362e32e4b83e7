import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What the tarball may hold: the built CLI, its launcher, the README, the LICENSE and package.json. */
const ALLOWED = /^(dist\/.+\.js(\.map)?|bin\/ctr-resync\.mjs|README\.md|LICENSE|package\.json)$/;

let dir: string;
let app: string;
let packedFiles: string[];
// The child npm and node must not inherit the test runner's `--import tsx`: the installed package
// runs with plain node, as a user's would.
const env = { ...process.env, NODE_OPTIONS: '', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctr-resync-pack-'));
  app = join(dir, 'app');
  // --ignore-scripts: the test runner has just built dist/; prepack would rebuild it under the
  // feet of the tests that run bin/ctr-resync.mjs at the same time.
  const packed = await exec(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO, env });
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  assert.ok(info);
  packedFiles = info.files.map((f) => f.path).sort();
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{ "name": "empty-app", "private": true }\n');
  await exec(NPM, ['install', '--prefer-offline', '--no-package-lock', join(dir, info.filename)], { cwd: app, env, timeout: 120_000 });
});

after(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

test('the tarball holds only the allowlist: dist, the launcher, README, LICENSE, package.json', () => {
  const unexpected = packedFiles.filter((f) => !ALLOWED.test(f));
  assert.deepEqual(unexpected, []);
  assert.ok(packedFiles.includes('dist/cli.js'));
  assert.ok(packedFiles.includes('bin/ctr-resync.mjs'));
  assert.ok(packedFiles.includes('LICENSE'));
});

test('installed from the tarball into an empty folder, `npx ctr-resync` prints its version and help', async () => {
  const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const version = await exec(NPM, ['exec', '--offline', '--', 'ctr-resync', '--version'], { cwd: app, env });
  assert.equal(version.stdout.trim(), pkg.version);
  const help = await exec(NPM, ['exec', '--offline', '--', 'ctr-resync', '--help'], { cwd: app, env });
  for (const command of ['archive', 'reconcile', 'report', 'demo', 'sim', 'backfill']) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
  const simHelp = await exec(NPM, ['exec', '--offline', '--', 'ctr-resync', 'sim', '--help'], { cwd: app, env });
  assert.match(simHelp.stdout, /--lost-sync-fraction/);
});

test('installed from the tarball, `ctr-resync demo` runs the whole loop with the bundled simulator', async () => {
  const demo = await exec(NPM, ['exec', '--offline', '--', 'ctr-resync', 'demo', '--records', '400', '--dir', join(dir, 'demo'), '--json'], {
    cwd: app,
    env,
    timeout: 120_000,
  });
  const result = JSON.parse(demo.stdout) as {
    succeeded: boolean;
    expectedFixes: number;
    checker: { repaired: number };
    missing: { 'resynced-confirmed': number };
    dataLake: { repaired: number; auditMissingFromArchive: number };
  };
  assert.equal(result.succeeded, true);
  // Missing mode's confirmed fixes include those made from the data lake (the bundled connect-simulator).
  assert.equal(result.checker.repaired + result.missing['resynced-confirmed'] - result.dataLake.repaired, result.expectedFixes);
  assert.ok(result.dataLake.auditMissingFromArchive > 0, 'the audit ran against the bundled connect-simulator');
});
