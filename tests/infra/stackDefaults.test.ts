import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { wildcardFindings } from './iamWildcards.ts';
import { idsOf, resource, stateMachineDefinition, synthStack } from './synthStack.ts';

// One synthesis (example settings: telephony writer, no options) shared by every test in this file.
const { template, json, violations } = synthStack();
const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/MyCallCenter-123456789012-CTRStream';
const archive = resource(json, 'AWS::S3::Bucket', 'StorageArchive');
const failedBatches = resource(json, 'AWS::S3::Bucket', 'StorageFailedBatches');
const archiver = resource(json, 'AWS::Lambda::Function', 'ArchiverFunction');
const reconcile = resource(json, 'AWS::Lambda::Function', 'ReconcileFunction');
const dlq = resource(json, 'AWS::SQS::Queue', 'ReconcileDeadLetterQueue');
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (bucketId: string, prefix: string) => ({ 'Fn::Join': ['', [arnOf(bucketId), `/${prefix}*`]] });

test('the built-in CloudFormation validator (error level) reports nothing', () => {
  assert.deepEqual(
    violations.filter((v) => v.severity === 'error' || v.severity === 'fatal'),
    [],
  );
  assert.deepEqual(violations, [], 'no warnings either');
});

test('the archive bucket is private, versioned, SSE-S3 encrypted, retained, with per-prefix expiry', () => {
  template.hasResource('AWS::S3::Bucket', {
    DeletionPolicy: 'Retain',
    Properties: Match.objectLike({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }),
  });
  const rules = (archive.props.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
  const days = Object.fromEntries(rules.filter((r) => r.Prefix).map((r) => [r.Prefix, r.ExpirationInDays]));
  assert.deepEqual(days, { 'ctr/': 730, 'index/': 730, 'rebuilt/data-lake/': 730, 'quarantine/': 90, 'ledger/': 730, 'reports/': 400 });
  assert.ok(
    rules.some(
      (r) =>
        JSON.stringify(r.NoncurrentVersionExpiration) === '{"NoncurrentDays":30}' && r.ExpiredObjectDeleteMarker === true && r.Status === 'Enabled',
    ),
  );
  assert.equal(archive.props.LoggingConfiguration, undefined, 'access logging is opt-in');
});

test('both buckets refuse plain HTTP and TLS below 1.2', () => {
  for (const bucket of [archive.id, failedBatches.id]) {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  }
});

test('the four functions run on nodejs22.x with a bundled handler and their own log group', () => {
  for (const fn of [
    archiver,
    reconcile,
    resource(json, 'AWS::Lambda::Function', 'RepairFunction'),
    resource(json, 'AWS::Lambda::Function', 'AuditFunction'),
  ]) {
    assert.equal(fn.props.Runtime, 'nodejs22.x');
    assert.equal(fn.props.Handler, 'index.handler');
    assert.deepEqual(fn.props.Architectures, ['arm64']);
    assert.match(JSON.stringify(fn.props.LoggingConfig), /"LogGroup":\{"Ref":"(Archiver|Reconcile|Repair|Audit)Logs/);
  }
  template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 4);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('archives every CTR'),
    Timeout: 60,
    Environment: {
      Variables: Match.objectLike({ CTR_ARCHIVE: { 'Fn::Join': ['', ['s3://', { Ref: archive.id }]] }, METRICS_NAMESPACE: 'CtrResync' }),
    },
  });
});

test('the archiver consumes the existing stream, reports item failures, bisects, retries boundedly, keeps failed batches', () => {
  template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2); // the stream's, and the repair queue's
  template.resourceCountIs('AWS::Kinesis::Stream', 0);
  template.resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: STREAM_ARN,
    FunctionName: { Ref: archiver.id },
    StartingPosition: 'TRIM_HORIZON',
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: 10,
    MaximumRecordAgeInSeconds: 86_400,
    BatchSize: 100,
    ParallelizationFactor: 1,
    DestinationConfig: { OnFailure: { Destination: arnOf(failedBatches.id) } },
    MetricsConfig: { Metrics: ['EventCount'] },
  });
});

test('the reconcile function gets its settings from the environment and secrets by ARN', () => {
  assert.equal(reconcile.props.Timeout, 900);
  assert.equal(reconcile.props.MemorySize, 1024);
  const env = (reconcile.props.Environment as { Variables: Record<string, unknown> }).Variables;
  assert.deepEqual(env.CTR_ARCHIVE, { 'Fn::Join': ['', ['s3://', { Ref: archive.id }]] });
  assert.deepEqual(
    { ...env, CTR_ARCHIVE: undefined },
    {
      CTR_ARCHIVE: undefined,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      METRICS_NAMESPACE: 'CtrResync',
      SF_LOGIN_URL: 'https://example.my.salesforce.com',
      SF_CLIENT_ID: '3MVG9PLACEHOLDERCONSUMERKEY',
      SF_USERNAME: 'ctr-resync@example.com',
      SF_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ctr-resync/salesforce-AbCdEf',
      SCV_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:MyCallCenter-salesforce-secret-GhIjKl',
      SCV_WRITER: 'telephony',
      RECONCILE_WINDOW: '3d',
      RECONCILE_GRACE: '30m',
      RECONCILE_MODE: 'missing',
      RECONCILE_VERIFY_TIMEOUT: '3m',
      RECONCILE_RATE: '10',
    },
  );
});

test('the schedule invokes reconcile with a retry policy and a dead-letter queue; failed runs land there too', () => {
  template.hasResourceProperties('AWS::Scheduler::Schedule', {
    ScheduleExpression: 'rate(1 hour)',
    State: 'ENABLED',
    Target: {
      Arn: arnOf(reconcile.id),
      Input: '{}',
      DeadLetterConfig: { Arn: arnOf(dlq.id) },
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
    },
  });
  template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: reconcile.id },
    MaximumRetryAttempts: 0,
    DestinationConfig: { OnFailure: { Destination: arnOf(dlq.id) } },
  });
  template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
  });
});

test('the backfill state machine maps windows to reconcile invocations with bounded concurrency', () => {
  const machine = resource(json, 'AWS::StepFunctions::StateMachine', 'Backfill');
  const definition = stateMachineDefinition(machine.props.DefinitionString) as { StartAt: string; States: Record<string, Record<string, unknown>> };
  const map = definition.States.ReconcileWindows as {
    Type: string;
    ItemsPath: string;
    MaxConcurrency: number;
    ItemProcessor: { States: Record<string, Record<string, unknown>> };
  };
  assert.equal(definition.StartAt, 'HasWindows?');
  assert.equal(map.Type, 'Map');
  assert.equal(map.ItemsPath, '$.windows');
  assert.equal(map.MaxConcurrency, 2);
  const task = map.ItemProcessor.States.ReconcileWindow as {
    Resource: string;
    Parameters: { FunctionName: string; Payload: unknown };
    Catch: unknown[];
    TimeoutSeconds: number;
  };
  assert.match(task.Resource, /:states:::lambda:invoke$/);
  assert.match(task.Parameters.FunctionName, new RegExp(reconcile.id));
  assert.deepEqual(
    task.Parameters.Payload,
    { 'since.$': '$.since', 'until.$': '$.until', ratePerSecond: 5 },
    'the default budget 10/s over 2 windows',
  );
  assert.equal(task.TimeoutSeconds, 960);
  assert.equal(task.Catch.length, 1, 'a failed window is recorded, the others go on');
  assert.deepEqual(
    Object.keys(definition.States)
      .filter((s) => definition.States[s]?.Type === 'Fail')
      .sort(),
    ['InvalidInput', 'WindowsFailed', 'WindowsIncomplete'],
  );
});

test('IAM: the archiver role grants exactly the stream read, prefix-scoped archive access and failed-batch writes', () => {
  const role = resource(json, 'AWS::IAM::Role', 'ArchiverRole');
  const statements = (role.props.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]?.PolicyDocument.Statement ?? [];
  const bySid = Object.fromEntries(statements.map((s) => [s.Sid, [s.Action, s.Resource]]));
  assert.deepEqual(bySid, {
    WriteOwnLogs: [['logs:CreateLogStream', 'logs:PutLogEvents'], arnOf(resource(json, 'AWS::Logs::LogGroup', 'ArchiverLogs').id)],
    ReadCtrStream: [
      [
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kinesis:SubscribeToShard',
      ],
      STREAM_ARN,
    ],
    ListArchive: ['s3:ListBucket', arnOf(archive.id)],
    ReadArchive: ['s3:GetObject', objects(archive.id, 'ctr/')],
    WriteArchive: ['s3:PutObject', [objects(archive.id, 'ctr/'), objects(archive.id, 'index/'), objects(archive.id, 'quarantine/')]],
    ListFailedBatches: ['s3:ListBucket', arnOf(failedBatches.id)],
    WriteFailedBatches: ['s3:PutObject', objects(failedBatches.id, '')],
    EnqueueRepairChecks: ['sqs:SendMessage', arnOf(resource(json, 'AWS::SQS::Queue', 'RepairQueue').id)],
  });
  assert.equal(role.props.ManagedPolicyArns, undefined, 'no AWS managed policies (they grant logs:* on *)');
});

test('IAM: the reconcile role reads only its prefixes and the two secrets, and invokes nothing (telephony writer)', () => {
  const role = resource(json, 'AWS::IAM::Role', 'ReconcileRole');
  const statements = (role.props.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]?.PolicyDocument.Statement ?? [];
  const bySid = Object.fromEntries(statements.map((s) => [s.Sid, [s.Action, s.Resource]]));
  assert.deepEqual(Object.keys(bySid).sort(), ['ListArchive', 'ReadArchive', 'ReadSecrets', 'WriteArchive', 'WriteOwnLogs']);
  assert.deepEqual(bySid.ReadArchive, [
    's3:GetObject',
    [
      objects(archive.id, 'ctr/'),
      objects(archive.id, 'decisions/'),
      objects(archive.id, 'index/'),
      objects(archive.id, 'ledger/'),
      objects(archive.id, 'rebuilt/data-lake/'),
    ],
  ]);
  assert.deepEqual(bySid.WriteArchive, [
    's3:PutObject',
    [objects(archive.id, 'decisions/'), objects(archive.id, 'ledger/'), objects(archive.id, 'reports/')],
  ]);
  assert.deepEqual(bySid.ReadSecrets?.[0], 'secretsmanager:GetSecretValue');
  assert.deepEqual(
    new Set(bySid.ReadSecrets?.[1] as string[]),
    new Set([
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ctr-resync/salesforce-AbCdEf',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:MyCallCenter-salesforce-secret-GhIjKl',
    ]),
  );
  assert.doesNotMatch(JSON.stringify(json), /lambda:InvokeFunction"[^}]*MyCallCenter/);
  assert.doesNotMatch(JSON.stringify(json), /"kms:/, 'no KMS grants without a stream key, secret keys or bucketKms');
});

test('IAM: no statement anywhere grants a wildcard action or a * resource', () => {
  assert.deepEqual(wildcardFindings(json, []), []);
  for (const id of idsOf(json, 'AWS::IAM::Role')) assert.equal(json.Resources[id]?.Properties?.ManagedPolicyArns, undefined, id);
});

test('alarms watch archive failures, quarantine, iterator age, failed batches, reconcile failures and backfills', () => {
  const alarms = idsOf(json, 'AWS::CloudWatch::Alarm').map((id) => json.Resources[id]?.Properties as Record<string, unknown>);
  const watched = alarms.map((a) => `${a.Namespace as string}/${a.MetricName as string}`).sort();
  assert.deepEqual(watched, [
    'AWS/Lambda/DestinationDeliveryFailures',
    'AWS/Lambda/DroppedEventCount',
    'AWS/Lambda/Errors',
    'AWS/Lambda/Errors',
    'AWS/Lambda/Errors',
    'AWS/Lambda/Errors',
    'AWS/Lambda/IteratorAge',
    'AWS/Lambda/OnFailureDestinationDeliveredEventCount',
    'AWS/SQS/ApproximateNumberOfMessagesVisible',
    'AWS/SQS/ApproximateNumberOfMessagesVisible',
    'AWS/States/ExecutionsFailed',
    'CtrResync/ContactsMissingFromArchive',
    'CtrResync/Failed',
    'CtrResync/FailedRecords',
    'CtrResync/QuarantinedRecords',
    'CtrResync/RepairEnqueueFailures',
    'CtrResync/ResyncedUnconfirmed',
  ]);
  const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
  assert.deepEqual(byMetric('FailedRecords')[0]?.Dimensions, [{ Name: 'service', Value: 'ctr-archiver' }]);
  assert.deepEqual(byMetric('QuarantinedRecords')[0]?.Dimensions, [{ Name: 'service', Value: 'ctr-archiver' }]);
  assert.deepEqual(byMetric('Failed')[0]?.Dimensions, [{ Name: 'service', Value: 'ctr-reconcile' }]);
  assert.deepEqual(byMetric('ResyncedUnconfirmed')[0]?.Dimensions, [{ Name: 'service', Value: 'ctr-reconcile' }]);
  const mappingId = resource(json, 'AWS::Lambda::EventSourceMapping', 'ArchiverStreamMapping').id;
  assert.deepEqual(byMetric('OnFailureDestinationDeliveredEventCount')[0]?.Dimensions, [
    { Name: 'EventSourceMappingUUID', Value: { Ref: mappingId } },
  ]);
  assert.equal(byMetric('IteratorAge')[0]?.Threshold, 3_600_000);
  assert.deepEqual(
    new Set(byMetric('Errors').map((a) => JSON.stringify(a.Dimensions))),
    new Set(
      [
        archiver.id,
        reconcile.id,
        resource(json, 'AWS::Lambda::Function', 'RepairFunction').id,
        resource(json, 'AWS::Lambda::Function', 'AuditFunction').id,
      ].map((id) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }])),
    ),
  );
  for (const alarm of alarms) {
    assert.equal(alarm.TreatMissingData, 'notBreaching');
    assert.equal(alarm.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
    assert.equal(alarm.AlarmActions, undefined, 'no topic configured');
  }
});

test("the stack deploys to the stream's account and region and outputs what the CLI needs", () => {
  for (const output of [
    'ArchiveLocation',
    'FailedBatchBucketName',
    'ArchiverFunctionName',
    'ReconcileFunctionName',
    'ReconcileDeadLetterQueueUrl',
    'BackfillStateMachineArn',
    'AuditFunctionName',
  ]) {
    template.hasOutput(output, {});
  }
  assert.match(JSON.stringify(json), /arn:aws:scheduler:eu-west-1:123456789012:schedule-group\/default/);
});
