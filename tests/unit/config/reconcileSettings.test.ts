import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { loadReconcileSettings, loadSalesforceSettings } from '../../../src/config/reconcileSettings.ts';
import { ConfigError } from '../../../src/errors.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const files: Record<string, string> = { '/keys/sf.pem': pem, '/keys/scv.pem': pem, '/keys/bad.pem': 'not a key' };
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

const base = {
  CTR_ARCHIVE: 's3://ctr-archive/prod',
  SF_LOGIN_URL: 'https://acme.my.salesforce.com',
  SF_CLIENT_ID: '3MVG9-consumer-key',
  SF_USERNAME: 'integration@acme.com',
  SF_PRIVATE_KEY_FILE: '/keys/sf.pem',
  SCRT_BASE_URL: 'https://acme.my.salesforce-scrt.com/telephony/v1',
  SCV_ORG_ID: '00D5g000004abcdEAA',
  SCV_CALL_CENTER_API_NAME: 'ACME_CC',
  SCV_PRIVATE_KEY_FILE: '/keys/scv.pem',
};

function settingOf(env: Record<string, string | undefined>): string {
  try {
    loadReconcileSettings(env, {}, readFile);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.setting;
  }
  return 'ok';
}

describe('loadReconcileSettings', () => {
  test('resolves the JWT bearer flow and the direct Telephony API writer', () => {
    const settings = loadReconcileSettings(base, {}, readFile);
    assert.equal(settings.salesforce.auth.grant, 'jwt-bearer');
    assert.equal(settings.salesforce.apiVersion, '61.0');
    assert.equal(settings.writer.kind, 'telephony');
  });

  test('resolves client credentials and the Lambda writer', () => {
    const env = {
      ...base,
      SF_USERNAME: undefined,
      SF_PRIVATE_KEY_FILE: undefined,
      SF_CLIENT_SECRET: 's3cr3t',
      SCV_WRITER: 'lambda',
      SCRT_BASE_URL: undefined,
      SCV_PRIVATE_KEY_FILE: undefined,
      ITIA_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:ACME-InvokeTelephonyIntegrationApiFunction',
    };
    const settings = loadReconcileSettings(env, {}, readFile);
    assert.equal(settings.salesforce.auth.grant, 'client-credentials');
    assert.equal(settings.writer.kind, 'lambda');
  });

  const failures: [string, Record<string, string | undefined>, string][] = [
    ['no archive', { CTR_ARCHIVE: undefined }, 'CTR_ARCHIVE'],
    ['no login URL', { SF_LOGIN_URL: undefined }, 'SF_LOGIN_URL'],
    ['plain http to a real host', { SF_LOGIN_URL: 'http://acme.my.salesforce.com' }, 'SF_LOGIN_URL'],
    ['a bad API version', { SF_API_VERSION: '61' }, 'SF_API_VERSION'],
    ['both grants at once', { SF_CLIENT_SECRET: 'x' }, 'SF_CLIENT_SECRET'],
    ['no credentials', { SF_PRIVATE_KEY_FILE: undefined }, 'SF_PRIVATE_KEY_FILE'],
    ['an unreadable key file', { SF_PRIVATE_KEY_FILE: '/keys/none.pem' }, 'SF_PRIVATE_KEY_FILE'],
    ['a key file that is not a key', { SCV_PRIVATE_KEY_FILE: '/keys/bad.pem' }, 'SCV_PRIVATE_KEY_FILE'],
    ['an unknown writer', { SCV_WRITER: 'carrier-pigeon' }, 'SCV_WRITER'],
    ['a bad org Id', { SCV_ORG_ID: "00D' OR 1=1" }, 'SCV_ORG_ID'],
    ['ITIA ARN with the telephony writer', { ITIA_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:x' }, 'ITIA_FUNCTION_ARN'],
    [
      'the Lambda writer with an SCV key file',
      { SCV_WRITER: 'lambda', ITIA_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:x', SCRT_BASE_URL: undefined },
      'SCV_PRIVATE_KEY_FILE',
    ],
    ['the Lambda writer without an ARN', { SCV_WRITER: 'lambda', SCRT_BASE_URL: undefined, SCV_PRIVATE_KEY_FILE: undefined }, 'ITIA_FUNCTION_ARN'],
    [
      'a malformed ITIA ARN',
      { SCV_WRITER: 'lambda', SCRT_BASE_URL: undefined, SCV_PRIVATE_KEY_FILE: undefined, ITIA_FUNCTION_ARN: 'my-function' },
      'ITIA_FUNCTION_ARN',
    ],
  ];
  for (const [name, change, setting] of failures) {
    test(`fails fast on ${name}, naming ${setting}`, () => assert.equal(settingOf({ ...base, ...change }), setting));
  }

  test('error messages never echo a secret', () => {
    assert.throws(
      () => loadReconcileSettings({ ...base, SF_CLIENT_SECRET: 'hunter2-very-secret' }, {}, readFile),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('hunter2'),
    );
  });

  test('read-only commands need no writer settings', () => {
    const settings = loadSalesforceSettings({ ...base, SCRT_BASE_URL: undefined, SCV_ORG_ID: undefined }, {}, readFile);
    assert.equal(settings.salesforce.loginUrl, 'https://acme.my.salesforce.com');
  });

  test('secrets from Secrets Manager stand in for key files', () => {
    const settings = loadReconcileSettings(
      { ...base, SF_PRIVATE_KEY_FILE: undefined, SCV_PRIVATE_KEY_FILE: undefined },
      { sfPrivateKeyPem: pem, scvPrivateKeyPem: pem },
      readFile,
    );
    assert.equal(settings.salesforce.auth.grant, 'jwt-bearer');
  });
});
