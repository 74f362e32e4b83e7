import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateApiVersion } from '../../../src/validation/apiVersion.ts';
import { validateCallCenterApiName } from '../../../src/validation/callCenterApiName.ts';
import { validateLambdaFunctionArn } from '../../../src/validation/lambdaArn.ts';
import { validateOrgId } from '../../../src/validation/orgId.ts';
import { salesforceIdSuffix } from '../../../src/validation/salesforceId.ts';
import { assertConfigError, SECRET } from './helpers.ts';

describe('validateOrgId', () => {
  test('accepts the 15- and 18-character forms', () => {
    assert.equal(validateOrgId('00D5g000004abcd', 'SCV_ORG_ID'), '00D5g000004abcd');
    assert.equal(validateOrgId(' 00D5g000004abcdEAA ', 'SCV_ORG_ID'), '00D5g000004abcdEAA');
    assert.equal(salesforceIdSuffix('00D5g000004abcd'), 'EAA');
  });
  for (const [name, value] of [
    ['a wrong checksum', '00D5g000004abcdAAA'],
    ['another key prefix', '0LQ5g000000AbCdGAK'],
    ['too short', '00D5g00'],
    ['SOQL', "00D' OR 1=1"],
    ['a secret', SECRET],
  ] as const) {
    test(`refuses ${name}, naming the setting, without echoing it`, () =>
      assertConfigError(() => validateOrgId(value, 'SCV_ORG_ID'), 'SCV_ORG_ID', /not an org Id.*Company Information/, value));
  }
});

describe('validateApiVersion', () => {
  test('accepts 61.0 and v61.0, returning the bare number', () => {
    assert.equal(validateApiVersion('61.0', 'SF_API_VERSION'), '61.0');
    assert.equal(validateApiVersion('v66.0', 'SF_API_VERSION'), '66.0');
    assert.equal(validateApiVersion('100.0', 'sfApiVersion'), '100.0');
  });
  for (const value of ['61', '61.1', '6.0', '1000.0', '061.0', '', SECRET]) {
    test(`refuses ${JSON.stringify(value)}`, () =>
      assertConfigError(() => validateApiVersion(value, 'SF_API_VERSION'), 'SF_API_VERSION', /such as 61\.0/, value.length > 5 ? value : SECRET));
  }
});

describe('validateLambdaFunctionArn', () => {
  const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:CC-InvokeTelephonyIntegrationApiFunction:live';
  test('accepts a function ARN with or without a qualifier, returning its region and account', () => {
    assert.deepEqual(validateLambdaFunctionArn(arn, 'ITIA_FUNCTION_ARN'), { arn, region: 'eu-west-1', account: '123456789012' });
    assert.equal(validateLambdaFunctionArn('arn:aws-cn:lambda:cn-north-1:123456789012:function:x', 'ITIA_FUNCTION_ARN').region, 'cn-north-1');
  });
  for (const value of ['my-function', 'arn:aws:lambda:eu-west-1:123:function:x', 'arn:aws:s3:::bucket', `${arn}:extra`, SECRET]) {
    test(`refuses ${value.slice(0, 30)}`, () =>
      assertConfigError(
        () => validateLambdaFunctionArn(value, 'ITIA_FUNCTION_ARN'),
        'ITIA_FUNCTION_ARN',
        /not a Lambda function ARN such as arn:aws:lambda:/,
        value,
      ));
  }
});

describe('validateCallCenterApiName', () => {
  test('accepts API names', () => {
    for (const name of ['ACME_CC', 'SimulatedContactCenter', 'C', `A${'b'.repeat(79)}`])
      assert.equal(validateCallCenterApiName(name, 'SCV_CALL_CENTER_API_NAME'), name);
  });
  for (const value of ['_CC', '1CC', 'CC_', 'A__B', 'with space', 'a/b', `A${'b'.repeat(80)}`, '', 'hunter2-secret']) {
    test(`refuses ${JSON.stringify(value.slice(0, 20))}`, () =>
      assertConfigError(
        () => validateCallCenterApiName(value, 'SCV_CALL_CENTER_API_NAME'),
        'SCV_CALL_CENTER_API_NAME',
        /not a Salesforce API name/,
        value === '' ? SECRET : value,
      ));
  }
});
