import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOCUMENTED_EXCEPTIONS, wildcardFindings } from './iamWildcards.ts';

type Statement = Record<string, unknown>;
const template = (type: string, statements: Statement[], where: 'PolicyDocument' | 'KeyPolicy' = 'PolicyDocument') => ({
  Resources: { R: { Type: type, Properties: { [where]: { Version: '2012-10-17', Statement: statements } } } },
});
const allow = (Action: unknown, Resource: unknown, extra: Statement = {}): Statement => ({ Effect: 'Allow', Action, Resource, ...extra });
const bucketArn = { 'Fn::GetAtt': ['Bucket', 'Arn'] };

test('flags wildcard actions, including service-wide and prefix wildcards', () => {
  // Act
  const problems = wildcardFindings(
    template('AWS::IAM::Policy', [allow('*', 'arn:aws:s3:::b/x'), allow('s3:*', 'arn:aws:s3:::b/x'), allow(['s3:GetObject*'], 'arn:aws:s3:::b/x')]),
  ).map((f) => f.problem);

  // Assess
  assert.deepEqual(problems, ['action *', 'action s3:*', 'action s3:GetObject*']);
});

test('flags * resources and service-wide resources, not scoped ones', () => {
  // Prepare
  const scoped = [
    { 'Fn::Join': ['', [bucketArn, '/ctr/*']] },
    { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, ':*']] },
    'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x:*',
  ];

  // Act
  const broad = wildcardFindings(
    template('AWS::IAM::Policy', [
      allow('s3:GetObject', '*'),
      allow('s3:GetObject', 'arn:aws:s3:::*'),
      allow('lambda:InvokeFunction', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:eu-west-1:123456789012:function:*']] }),
    ]),
  );
  const fine = wildcardFindings(template('AWS::IAM::Policy', [allow('s3:GetObject', scoped)]));

  // Assess
  assert.deepEqual(
    broad.map((f) => f.problem),
    ['resource *', 'resource arn:aws:s3:::*', 'resource arn:aws:lambda:eu-west-1:123456789012:function:*'],
  );
  assert.deepEqual(fine, []);
});

test('flags NotAction and NotResource in Allow statements, ignores Deny statements', () => {
  // Act
  const findings = wildcardFindings(
    template('AWS::S3::BucketPolicy', [
      { Effect: 'Allow', NotAction: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/secret/*' },
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]),
  );

  // Assess
  assert.deepEqual(
    findings.map((f) => f.problem),
    ['NotAction', 'NotResource'],
  );
});

test('finds statements in trust policies and key policies too', () => {
  // Act
  const trust = wildcardFindings({
    Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [allow('sts:*', '*')] } } } },
  });

  // Assess
  assert.deepEqual(
    trust.map((f) => f.problem),
    ['action sts:*', 'resource *'],
  );
});

test('the documented KMS exceptions cover only the default KMS key policy', () => {
  // Prepare
  const keyPolicy = template(
    'AWS::KMS::Key',
    [
      allow('kms:*', '*', { Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } } }),
      allow('kms:*', '*', { Principal: { AWS: 'arn:aws:iam::123456789012:role/someone' } }),
    ],
    'KeyPolicy',
  );

  // Act
  const remaining = wildcardFindings(keyPolicy);
  const elsewhere = wildcardFindings(template('AWS::IAM::Policy', [allow('kms:*', '*')]));

  // Assess
  assert.equal(DOCUMENTED_EXCEPTIONS.length, 3);
  assert.deepEqual(
    remaining.map((f) => f.problem),
    ['action kms:*'],
    'kms:* for a principal other than the account root is not excused',
  );
  assert.deepEqual(
    elsewhere.map((f) => f.problem),
    ['action kms:*', 'resource *'],
    'the exceptions apply to key policies only',
  );
});

test('the GetDataAccess exception covers Resource "*" for that one action alone, in a role, and never a wildcard action', () => {
  // Act
  const alone = wildcardFindings(
    template('AWS::IAM::Role', [allow('lakeformation:GetDataAccess', '*'), allow(['lakeformation:GetDataAccess'], '*')]),
  );
  const withOthers = wildcardFindings(template('AWS::IAM::Role', [allow(['lakeformation:GetDataAccess', 's3:GetObject'], '*')]));
  const wildcardAction = wildcardFindings(template('AWS::IAM::Role', [allow('lakeformation:*', '*')]));
  const elsewhere = wildcardFindings(template('AWS::S3::BucketPolicy', [allow('lakeformation:GetDataAccess', '*')]));

  // Assess
  assert.deepEqual(alone, []);
  assert.deepEqual(
    withOthers.map((f) => f.problem),
    ['resource *'],
  );
  assert.deepEqual(
    wildcardAction.map((f) => f.problem),
    ['action lakeformation:*', 'resource *'],
  );
  assert.deepEqual(
    elsewhere.map((f) => f.problem),
    ['resource *'],
  );
});
