import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Loads a Lambda entry point in a fresh Node process with the given environment (as a cold start does). */
function coldStart(handlerFile: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const script = `import(${JSON.stringify(`./src/lambda/${handlerFile}`)}).then(() => console.log('loaded'), (e) => { console.error(e.name + ' ' + e.setting + ': ' + e.message); process.exit(9); });`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr + result.stdout };
}

test('the reconcile Lambda parses its schedule settings at cold start: a bad value fails it, naming the variable', () => {
  const good = coldStart('reconcileHandler.ts', { RECONCILE_WINDOW: '2d', RECONCILE_CONCURRENCY: '4' });
  assert.equal(good.status, 0, good.stderr);
  for (const [name, value] of [
    ['RECONCILE_GRACE', '400000d'],
    ['RECONCILE_MODE', 'all'],
    ['RECONCILE_RATE', 'fast'],
  ] as const) {
    const bad = coldStart('reconcileHandler.ts', { [name]: value });
    assert.equal(bad.status, 9, bad.stderr);
    assert.match(bad.stderr, new RegExp(`ConfigError ${name}: ${name}`));
  }
});

test('the archive Lambda parses CTR_ARCHIVE at cold start', () => {
  assert.equal(coldStart('archiveHandler.ts', { CTR_ARCHIVE: 's3://ctr-archive/prod' }).status, 0);
  const bad = coldStart('archiveHandler.ts', { CTR_ARCHIVE: 's3://Bad_Bucket' });
  assert.equal(bad.status, 9, bad.stderr);
  assert.match(bad.stderr, /ConfigError CTR_ARCHIVE: CTR_ARCHIVE/);
});

test('the audit Lambda parses its settings at cold start: a bad value fails it, naming the variable', () => {
  const instance = { CONNECT_INSTANCE_ID: '11111111-2222-4333-8444-555555555555' };
  const good = coldStart('auditHandler.ts', { ...instance, AUDIT_SOURCE: 'data-lake', AUDIT_DAYS: '2' });
  assert.equal(good.status, 0, good.stderr);
  for (const [name, value] of [
    ['AUDIT_SOURCE', 'athena'],
    ['AUDIT_LAG', '5m'],
    ['CONNECT_INSTANCE_ID', 'not an id'],
  ] as const) {
    const bad = coldStart('auditHandler.ts', { ...instance, [name]: value });
    assert.equal(bad.status, 9, bad.stderr);
    assert.match(bad.stderr, new RegExp(`ConfigError ${name}: ${name}`));
  }
});
