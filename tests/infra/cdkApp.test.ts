import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CDK_CONTEXT } from './synthStack.ts';

const run = promisify(execFile);
const REPO = new URL('../../', import.meta.url).pathname;
const SYNTH_TIMEOUT_MS = 120_000;
const scratch: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

test('cdk.json runs the app through tsx, turns validator findings into errors and telemetry off', () => {
  const cdkJson = JSON.parse(readFileSync(join(REPO, 'cdk.json'), 'utf8')) as { app: string; context: Record<string, unknown> };
  assert.equal(cdkJson.app, 'node --import tsx infra/app.ts');
  assert.equal(cdkJson.context['@aws-cdk/core:validateAgainstDefaultRules'], true);
  assert.equal(cdkJson.context['cli-telemetry'], false);
});

test('with that context, an invalid template fails synthesis (the validator really runs at error level)', () => {
  // Prepare
  const outdir = tempDir('ctr-resync-canary-');
  const app = new App({ outdir, context: CDK_CONTEXT });
  const stack = new Stack(app, 'Canary');
  new CfnResource(stack, 'Mapping', { type: 'AWS::Lambda::EventSourceMapping', properties: { FunctionName: 'f', StartingPosition: 'SOMETIMES' } });

  // Act & Assess
  assert.throws(() => app.synth(), /Validation failed/);
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: { ruleName: string; severity: string }[] }[];
  };
  assert.deepEqual(
    report.pluginReports.flatMap((r) => r.violations).map((v) => [v.ruleName, v.severity]),
    [['F3031', 'error']],
  );
});

test('`npm run synth` synthesizes the app offline, without AWS credentials, into a cloud assembly whose bundles load', {
  timeout: SYNTH_TIMEOUT_MS + 10_000,
}, async () => {
  // Prepare: no credentials, no instance metadata, no tsx preloaded from the test runner.
  const outdir = tempDir('ctr-resync-synth-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  delete env.NODE_OPTIONS;

  // Act
  await run('npm', ['run', '--silent', 'synth', '--', '-o', outdir], { cwd: REPO, env, timeout: SYNTH_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });

  // Assess
  const template = JSON.parse(readFileSync(join(outdir, 'CtrResync.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties?: { Code?: { S3Key?: string } } }>;
  };
  assert.ok(Object.values(template.Resources).some((r) => r.Type === 'AWS::Lambda::EventSourceMapping'));
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: { severity: string }[] }[];
  };
  assert.deepEqual(
    report.pluginReports.flatMap((r) => r.violations).filter((v) => v.severity === 'error' || v.severity === 'fatal'),
    [],
  );

  // Each bundle loads as CommonJS outside the repo (as in /var/task); the archiver handles an empty batch.
  const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
  assert.equal(functions.length, 4);
  for (const [id, fn] of functions) {
    const asset = `asset.${(fn.Properties?.Code?.S3Key ?? '').replace(/\.zip$/, '')}`;
    const dir = tempDir('ctr-resync-bundle-');
    cpSync(join(outdir, asset), dir, { recursive: true });
    const call = id.startsWith('Archiver') ? 'm.handler({ Records: [] }, { getRemainingTimeInMillis: () => 60000 })' : 'typeof m.handler';
    const { stdout } = await run(
      process.execPath,
      ['-e', `const m = require('./index.js'); Promise.resolve(${call}).then((r) => console.log(JSON.stringify(r)))`],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          CTR_ARCHIVE: 's3://ctr-resync-test',
          CONNECT_INSTANCE_ID: '11111111-2222-4333-8444-555555555555', // the audit's, set by the stack
          AWS_REGION: 'eu-west-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          POWERTOOLS_METRICS_DISABLED: 'true',
        },
        timeout: 30_000,
      },
    );
    assert.equal(stdout.trim().split('\n').at(-1), id.startsWith('Archiver') ? '{"batchItemFailures":[]}' : '"function"', id);
  }
});
