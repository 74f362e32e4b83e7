import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { DOCUMENTED_EXCEPTIONS, wildcardFindings } from './iamWildcards.ts';
import { idsOf, resource, stateMachineDefinition, synthStack } from './synthStack.ts';

// One synthesis with every option on: lambda writer, enhanced fan-out, encrypted stream, KMS archive,
// access logs, e-mail alarms, KMS-encrypted secrets, keep-forever CTRs.
const ITIA_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:MyCallCenter-InvokeTelephonyIntegrationApiFunction:live';
const STREAM_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const SECRET_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000';
const { template, json, violations } = synthStack({
  writer: 'lambda',
  scvSecretArn: undefined,
  itiaFunctionArn: ITIA_ARN,
  enhancedFanOut: true,
  streamKeyArn: STREAM_KEY,
  bucketKms: true,
  accessLogs: true,
  alarmEmail: 'ops@example.com',
  secretKeyArns: [SECRET_KEY],
  ctrRetentionDays: 0,
  reconcileScheduleEnabled: false,
  backfillConcurrency: 5,
  archiverParallelization: 4,
});
const archive = resource(json, 'AWS::S3::Bucket', 'StorageArchive');
const key = resource(json, 'AWS::KMS::Key', 'StorageKey');
const consumer = resource(json, 'AWS::Kinesis::StreamConsumer', 'ArchiverConsumer');
const statementsOf = (rolePrefix: string) => {
  const role = resource(json, 'AWS::IAM::Role', rolePrefix);
  return Object.fromEntries(
    ((role.props.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]?.PolicyDocument.Statement ?? []).map((s) => [
      s.Sid,
      s,
    ]),
  );
};

test('the validator reports no errors with every option on', () => {
  assert.deepEqual(
    violations.filter((v) => v.severity === 'error' || v.severity === 'fatal'),
    [],
  );
});

test('bucketKms: one rotating key encrypts the archive and failed batches (bucket keys on)', () => {
  template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  const kms = {
    ServerSideEncryptionConfiguration: [
      { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key.id, 'Arn'] } } },
    ],
  };
  template.resourcePropertiesCountIs('AWS::S3::Bucket', { BucketEncryption: kms }, 2);
  const useKey = statementsOf('ArchiverRole').UseArchiveKey;
  assert.deepEqual(useKey?.Action, ['kms:Decrypt', 'kms:GenerateDataKey']);
  assert.deepEqual(useKey?.Condition, { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  assert.ok(statementsOf('ReconcileRole').UseArchiveKey);
});

test('accessLogs: server access logs go to a separate private SSE-S3 bucket', () => {
  const logs = resource(json, 'AWS::S3::Bucket', 'StorageAccessLogs');
  assert.deepEqual(archive.props.LoggingConfiguration, { DestinationBucketName: { Ref: logs.id }, LogFilePrefix: 'archive/' });
  assert.deepEqual(logs.props.BucketEncryption, {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
  });
  assert.equal((logs.props.PublicAccessBlockConfiguration as Record<string, boolean>).RestrictPublicBuckets, true);
});

test('a retention of 0 keeps CTR versions and index entries forever', () => {
  const prefixes = (archive.props.LifecycleConfiguration as { Rules: { Prefix?: string }[] }).Rules.map((r) => r.Prefix).filter(Boolean);
  assert.deepEqual(prefixes, ['quarantine/', 'ledger/', 'reports/']);
});

test('enhancedFanOut: the mapping reads through a dedicated consumer, with consumer-scoped permissions', () => {
  assert.equal(consumer.props.StreamARN, 'arn:aws:kinesis:eu-west-1:123456789012:stream/MyCallCenter-123456789012-CTRStream');
  assert.equal(consumer.props.ConsumerName, 'CtrResync-archiver');
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: { 'Fn::GetAtt': [consumer.id, 'ConsumerARN'] },
    StartingPosition: 'TRIM_HORIZON',
    ParallelizationFactor: 4,
  });
  const statements = statementsOf('ArchiverRole');
  assert.deepEqual(statements.ReadThroughConsumer?.Action, ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard']);
  assert.deepEqual(statements.ReadThroughConsumer?.Resource, { 'Fn::GetAtt': [consumer.id, 'ConsumerARN'] });
});

test('streamKeyArn: kms:Decrypt on exactly that key, for the archiver only', () => {
  assert.deepEqual(statementsOf('ArchiverRole').DecryptCtrStream, {
    Sid: 'DecryptCtrStream',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: STREAM_KEY,
  });
  assert.doesNotMatch(JSON.stringify(resource(json, 'AWS::IAM::Role', 'ReconcileRole').props), new RegExp(STREAM_KEY));
});

test('writer=lambda: InvokeFunction on the ITIA ARN only, no SCV secret, environment says so', () => {
  const statements = statementsOf('ReconcileRole');
  assert.deepEqual(statements.InvokeTelephonyIntegrationApi, {
    Sid: 'InvokeTelephonyIntegrationApi',
    Effect: 'Allow',
    Action: 'lambda:InvokeFunction',
    Resource: ITIA_ARN,
  });
  assert.deepEqual(statements.ReadSecrets?.Resource, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ctr-resync/salesforce-AbCdEf');
  assert.deepEqual(statements.DecryptSecrets, {
    Sid: 'DecryptSecrets',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: SECRET_KEY,
    Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
  });
  const env = (resource(json, 'AWS::Lambda::Function', 'ReconcileFunction').props.Environment as { Variables: Record<string, unknown> }).Variables;
  assert.equal(env.SCV_WRITER, 'lambda');
  assert.equal(env.ITIA_FUNCTION_ARN, ITIA_ARN);
  for (const unused of ['SCV_SECRET_ARN', 'SCRT_BASE_URL', 'SCV_ORG_ID', 'SCV_CALL_CENTER_API_NAME']) assert.equal(env[unused], undefined, unused);
});

test('alarmEmail: a TLS-only topic that CloudWatch may publish to, subscribed, wired to every alarm', () => {
  const topic = resource(json, 'AWS::SNS::Topic', 'AlarmsTopic');
  template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: topic.id } });
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({
          Sid: 'CloudWatchAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: topic.id },
        }),
      ]),
    },
  });
  const alarms = idsOf(json, 'AWS::CloudWatch::Alarm');
  assert.equal(alarms.length, 17); // docs/deploy.md: 15 without the audit
  for (const id of alarms) assert.deepEqual(json.Resources[id]?.Properties?.AlarmActions, [{ Ref: topic.id }], id);
});

test('the schedule can be switched off; backfill concurrency follows the setting', () => {
  template.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
  assert.match(JSON.stringify(resource(json, 'AWS::StepFunctions::StateMachine', 'Backfill').props.DefinitionString), /\\"MaxConcurrency\\":5/);
});

test('the org-wide rate budget is RECONCILE_RATE and is split across the backfill windows that run at once', () => {
  // Prepare
  const budget = synthStack({ reconcileRate: 120, backfillConcurrency: 4 });
  const machine = resource(budget.json, 'AWS::StepFunctions::StateMachine', 'Backfill');
  const definition = stateMachineDefinition(machine.props.DefinitionString) as {
    States: { ReconcileWindows: { MaxConcurrency: number; ItemProcessor: { States: { ReconcileWindow: { Parameters: { Payload: unknown } } } } } };
  };
  const map = definition.States.ReconcileWindows;

  // Assess
  assert.equal(map.MaxConcurrency, 4);
  assert.deepEqual(map.ItemProcessor.States.ReconcileWindow.Parameters.Payload, { 'since.$': '$.since', 'until.$': '$.until', ratePerSecond: 30 });
  budget.template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ RECONCILE_RATE: '120' }) },
  });
  assert.equal(budget.warnings.filter((w) => w.includes("reconcileRate 120 is above SCV's documented limit of 50")).length, 1);
  assert.deepEqual(
    synthStack({ reconcileRate: 50 }).warnings.filter((w) => w.includes('reconcileRate')),
    [],
  );
});

test('IAM: the only wildcards are the documented KMS key-policy ones', () => {
  assert.deepEqual(wildcardFindings(json), []);
  const excused = wildcardFindings(json, []);
  assert.deepEqual(new Set(excused.map((f) => `${f.type} ${f.problem}`)), new Set(['AWS::KMS::Key action kms:*', 'AWS::KMS::Key resource *']));
  assert.equal(DOCUMENTED_EXCEPTIONS.length, 3, 'two KMS key-policy exceptions and lakeformation:GetDataAccess (auditStack.test.ts)');
});
