import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { parseStackConfig, stackEnvironment } from '../../infra/config/parseStackConfig.ts';
import { readStackConfig } from '../../infra/config/readStackConfig.ts';
import { STACK_CONFIG_KEYS, STACK_DEFAULTS } from '../../infra/config/StackConfig.ts';
import { ConfigError } from '../../src/errors.ts';
import { EXAMPLE_CONFIG } from './synthStack.ts';

const ITIA = 'arn:aws:lambda:eu-west-1:123456789012:function:CC-InvokeTelephonyIntegrationApiFunction:live';
const rejects = (raw: Record<string, unknown>, setting: string, message: RegExp) =>
  assert.throws(
    () => parseStackConfig({ ...EXAMPLE_CONFIG, ...raw }),
    (e: unknown) => e instanceof ConfigError && e.setting === setting && message.test(e.message),
    `${setting}: ${message}`,
  );

test('the example settings parse, with every default applied', () => {
  // Act
  const config = parseStackConfig(EXAMPLE_CONFIG);

  // Assess
  assert.equal(config.writer, 'telephony');
  assert.equal(config.reconcileTimeoutMinutes, STACK_DEFAULTS.reconcileTimeoutMinutes);
  assert.equal(config.archiverRetryAttempts, 10);
  assert.equal(config.enhancedFanOut, false);
  assert.deepEqual(config.secretKeyArns, []);
  assert.equal('itiaFunctionArn' in config, false, 'unset options stay absent');
  assert.deepEqual(stackEnvironment(config), { account: '123456789012', region: 'eu-west-1' });
});

test('context strings are coerced: numbers, booleans and comma-separated lists', () => {
  const config = parseStackConfig({
    ...EXAMPLE_CONFIG,
    archiverBatchSize: '250',
    enhancedFanOut: 'true',
    secretKeyArns: 'arn:aws:kms:eu-west-1:123456789012:key/a-b, arn:aws:kms:eu-west-1:123456789012:key/c-d',
  });
  assert.equal(config.archiverBatchSize, 250);
  assert.equal(config.enhancedFanOut, true);
  assert.deepEqual(config.secretKeyArns, ['arn:aws:kms:eu-west-1:123456789012:key/a-b', 'arn:aws:kms:eu-west-1:123456789012:key/c-d']);
});

test('required settings name themselves and the fix', () => {
  rejects({ streamArn: undefined }, 'streamArn', /not set.*Kinesis stream/);
  rejects({ streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:table/x' }, 'streamArn', /not a Kinesis stream ARN/);
  rejects({ sfLoginUrl: undefined }, 'sfLoginUrl', /not set/);
  rejects({ sfLoginUrl: 'http://example.my.salesforce.com' }, 'sfLoginUrl', /https/);
  rejects({ sfSecretArn: undefined }, 'sfSecretArn', /not set/);
});

test("ARNs must be complete and in the stream's region", () => {
  rejects({ sfSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ctr-resync/salesforce' }, 'sfSecretArn', /6-character suffix/);
  rejects({ scvSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf' }, 'scvSecretArn', /region us-east-1.*eu-west-1/);
  rejects({ streamKeyArn: 'alias/aws/kinesis' }, 'streamKeyArn', /not a complete kms ARN/);
  rejects({ alarmTopicArn: 'arn:aws:sns:eu-west-2:123456789012:ops' }, 'alarmTopicArn', /region eu-west-2/);
  rejects({ secretKeyArns: ['arn:aws:kms:eu-west-1:123456789012:alias/x'] }, 'secretKeyArns[0]', /kms ARN/);
});

test('writer settings are checked the way the reconcile Lambda checks them', () => {
  rejects({ scvSecretArn: undefined }, 'scvSecretArn', /telephony writer signs/);
  rejects({ itiaFunctionArn: ITIA }, 'itiaFunctionArn', /writer is telephony/);
  rejects({ scvOrgId: '12345' }, 'scvOrgId', /not an org Id/);
  rejects({ writer: 'lambda', scvSecretArn: undefined }, 'itiaFunctionArn', /not set/);
  rejects({ writer: 'lambda', itiaFunctionArn: ITIA }, 'scvSecretArn', /does not use it/);
  rejects({ writer: 'patch' }, 'writer', /telephony, lambda/);
  const lambda = parseStackConfig({ ...EXAMPLE_CONFIG, writer: 'lambda', scvSecretArn: undefined, itiaFunctionArn: ITIA });
  assert.equal(lambda.itiaFunctionArn, ITIA);
  assert.equal(lambda.scvSecretArn, undefined);
});

test('schedule, durations, limits and retention values are validated', () => {
  rejects({ reconcileSchedule: 'every hour' }, 'reconcileSchedule', /rate\(1 hour\)/);
  rejects({ reconcileWindow: '3 days' }, 'reconcileWindow', /not a duration/);
  rejects({ reconcileTimeoutMinutes: 16 }, 'reconcileTimeoutMinutes', /1 to 15/);
  rejects({ archiverMaxRecordAgeHours: 0 }, 'archiverMaxRecordAgeHours', /1 to 168/);
  rejects({ backfillConcurrency: 41 }, 'backfillConcurrency', /1 to 40/);
  rejects({ logRetentionDays: 10 }, 'logRetentionDays', /one of/);
  rejects({ ctrRetentionDays: -1 }, 'ctrRetentionDays', /whole number/);
  rejects({ enhancedFanOut: 'yes' }, 'enhancedFanOut', /true or false/);
  rejects({ metricsNamespace: 'AWS/Lambda' }, 'metricsNamespace', /not starting with AWS/);
  rejects({ alarmEmail: 'ops@example.com', alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' }, 'alarmEmail', /not both/);
  assert.equal(parseStackConfig({ ...EXAMPLE_CONFIG, reconcileSchedule: 'cron(15 * * * ? *)' }).reconcileSchedule, 'cron(15 * * * ? *)');
});

test('readStackConfig: the config file, overridden by -c values; unknown file keys are refused', () => {
  // Prepare
  const dir = mkdtempSync(join(tmpdir(), 'ctr-resync-config-'));
  writeFileSync(join(dir, 'prod.json'), JSON.stringify({ ...EXAMPLE_CONFIG, reconcileWindow: '2d' }));
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ...EXAMPLE_CONFIG, ctrRetentionDay: 30 }));
  const node = (context: Record<string, unknown>) => new App({ context }).node;

  // Act
  const config = readStackConfig(node({ configFile: 'prod.json', reconcileWindow: '1d', archiverBatchSize: '50' }), dir);

  // Assess
  assert.equal(config.reconcileWindow, '1d');
  assert.equal(config.archiverBatchSize, 50);
  assert.equal(config.sfLoginUrl, 'https://example.my.salesforce.com');
  assert.throws(() => readStackConfig(node({ configFile: 'typo.json' }), dir), /unknown setting\(s\) ctrRetentionDay/);
  assert.throws(
    () => readStackConfig(node({ configFile: 'missing.json' }), dir),
    (e: unknown) => e instanceof ConfigError && e.setting === 'configFile',
  );
  assert.throws(() => readStackConfig(node({}), dir), /streamArn is not set/);
  rmSync(dir, { recursive: true, force: true });
});

test('every setting key is documented in docs/deploy.md', () => {
  const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
  const missing = STACK_CONFIG_KEYS.filter((key) => !doc.includes(`\`${key}\``));
  assert.deepEqual(missing, []);
});
