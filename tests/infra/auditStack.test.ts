import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStackConfig } from '../../infra/config/parseStackConfig.ts';
import { ConfigError } from '../../src/errors.ts';
import { wildcardFindings } from './iamWildcards.ts';
import { EXAMPLE_CONFIG, idsOf, resource, type SynthesizedStack, synthStack } from './synthStack.ts';

// Three syntheses: the example settings (audit on, SearchContacts), the data-lake source, audit off.
const INSTANCE = 'arn:aws:connect:eu-west-1:123456789012:instance/11111111-2222-4333-8444-555555555555';
const RESULTS = 's3://my-athena-results/ctr-resync/';
const search = synthStack();
const dataLake = synthStack({
  auditSource: 'data-lake',
  athenaOutputLocation: RESULTS,
  athenaWorkgroup: 'ctr-resync',
  dataLakeDatabase: 'connect_datalake_link',
  auditMissingContactsThreshold: 5,
  auditSchedule: 'cron(30 4 * * ? *)',
  auditDays: 2,
});
const off = synthStack({ auditEnabled: false });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (bucketId: string, prefix: string) => ({ 'Fn::Join': ['', [arnOf(bucketId), `/${prefix}*`]] });

function auditStatements(stack: SynthesizedStack): Record<string, Record<string, unknown>> {
  const role = resource(stack.json, 'AWS::IAM::Role', 'AuditRole');
  const statements = (role.props.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]?.PolicyDocument.Statement ?? [];
  return Object.fromEntries(statements.map((s) => [s.Sid as string, s]));
}
/** Actions (sorted: CDK sorts them), resources and conditions of one statement. */
const pick = (s: Record<string, unknown> | undefined) => [Array.isArray(s?.Action) ? [...s.Action].sort() : s?.Action, s?.Resource, s?.Condition];

test('the audit runs daily at 03:00 UTC by default, through EventBridge Scheduler with a retry policy', () => {
  const fn = resource(search.json, 'AWS::Lambda::Function', 'AuditFunction');
  const schedule = resource(search.json, 'AWS::Scheduler::Schedule', 'AuditSchedule');
  assert.equal(schedule.props.ScheduleExpression, 'cron(0 3 * * ? *)');
  assert.equal(schedule.props.State, 'ENABLED');
  const target = schedule.props.Target as Record<string, unknown>;
  assert.deepEqual(target.Arn, arnOf(fn.id));
  assert.deepEqual(target.RetryPolicy, { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 3 });
  assert.equal(fn.props.Runtime, 'nodejs22.x');
  assert.equal(fn.props.Timeout, 900);
  const env = (fn.props.Environment as { Variables: Record<string, unknown> }).Variables;
  assert.equal(env.AUDIT_SOURCE, 'search-contacts');
  assert.equal(env.AUDIT_DAYS, '1');
  assert.equal(env.AUDIT_LAG, '2h');
  assert.equal(env.CONNECT_INSTANCE_ID, '11111111-2222-4333-8444-555555555555');
  assert.equal(env.ATHENA_OUTPUT_LOCATION, undefined, 'no Athena settings for the SearchContacts source');
  assert.equal(resource(dataLake.json, 'AWS::Scheduler::Schedule', 'AuditSchedule').props.ScheduleExpression, 'cron(30 4 * * ? *)');
});

test('IAM (SearchContacts): the archive index read, audit-report writes, the Salesforce secret, SearchContacts on the instance', () => {
  const archive = resource(search.json, 'AWS::S3::Bucket', 'StorageArchive').id;
  const bySid = auditStatements(search);
  assert.deepEqual(Object.keys(bySid).sort(), [
    'ListArchive',
    'ReadArchive',
    'ReadSalesforceSecret',
    'SearchContacts',
    'WriteArchive',
    'WriteOwnLogs',
  ]);
  assert.deepEqual(pick(bySid.ReadArchive), ['s3:GetObject', objects(archive, 'index/by-initiation/'), undefined]);
  assert.deepEqual(pick(bySid.WriteArchive), ['s3:PutObject', objects(archive, 'reports/audit/'), undefined]);
  assert.deepEqual(pick(bySid.ReadSalesforceSecret), [
    'secretsmanager:GetSecretValue',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ctr-resync/salesforce-AbCdEf',
    undefined,
  ]);
  assert.deepEqual(pick(bySid.SearchContacts), ['connect:SearchContacts', [INSTANCE, `${INSTANCE}/contact/*`], undefined]);
  assert.doesNotMatch(JSON.stringify(bySid), /athena:|glue:|lakeformation:/, 'no data-lake grants for the SearchContacts source');
});

test('IAM (data lake): Athena on the workgroup, Glue on catalog/database/table, GetDataAccess, the result prefix only', () => {
  const bySid = auditStatements(dataLake);
  assert.deepEqual(Object.keys(bySid).sort(), [
    'LakeFormationDataAccess',
    'ListArchive',
    'ListAthenaResults',
    'LocateAthenaResults',
    'ReadArchive',
    'ReadDataLakeCatalog',
    'ReadSalesforceSecret',
    'RunAthenaQueries',
    'UseAthenaResults',
    'WriteArchive',
    'WriteOwnLogs',
  ]);
  const arn = (service: string, rest: string) => `arn:aws:${service}:eu-west-1:123456789012:${rest}`;
  const s3Arn = (rest: string) => `arn:aws:s3:::${rest}`;
  assert.deepEqual(pick(bySid.RunAthenaQueries), [
    ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
    arn('athena', 'workgroup/ctr-resync'),
    undefined,
  ]);
  assert.deepEqual(pick(bySid.ReadDataLakeCatalog), [
    ['glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable'],
    [arn('glue', 'catalog'), arn('glue', 'database/connect_datalake_link'), arn('glue', 'table/connect_datalake_link/contact_record')],
    undefined,
  ]);
  assert.deepEqual(pick(bySid.LakeFormationDataAccess), ['lakeformation:GetDataAccess', '*', undefined]);
  assert.deepEqual(pick(bySid.LocateAthenaResults), ['s3:GetBucketLocation', s3Arn('my-athena-results'), undefined]);
  assert.deepEqual(pick(bySid.ListAthenaResults), [
    's3:ListBucket',
    s3Arn('my-athena-results'),
    { StringLike: { 's3:prefix': ['ctr-resync/', 'ctr-resync/*'] } },
  ]);
  assert.deepEqual(pick(bySid.UseAthenaResults), [
    ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
    s3Arn('my-athena-results/ctr-resync/*'),
    undefined,
  ]);
  assert.equal(bySid.SearchContacts, undefined);
  const env = (resource(dataLake.json, 'AWS::Lambda::Function', 'AuditFunction').props.Environment as { Variables: Record<string, unknown> })
    .Variables;
  assert.deepEqual(
    [env.AUDIT_SOURCE, env.ATHENA_WORKGROUP, env.DATA_LAKE_DATABASE, env.DATA_LAKE_TABLE, env.ATHENA_OUTPUT_LOCATION, env.AUDIT_DAYS],
    ['data-lake', 'ctr-resync', 'connect_datalake_link', 'contact_record', RESULTS, '2'],
  );
});

test('IAM: no wildcard action anywhere; the one * resource is GetDataAccess, alone in its statement', () => {
  for (const stack of [search, dataLake, off]) assert.deepEqual(wildcardFindings(stack.json), []);
  const all = wildcardFindings(dataLake.json, []);
  assert.deepEqual(
    all.map((f) => [f.sid, f.problem]),
    [['LakeFormationDataAccess', 'resource *']],
  );
  assert.deepEqual(wildcardFindings(search.json, []), []);
});

test('alarms: a day missing more than the threshold from the archive, and audit errors, on the existing alarm pattern', () => {
  const alarms = (stack: SynthesizedStack) =>
    Object.fromEntries(
      idsOf(stack.json, 'AWS::CloudWatch::Alarm')
        .filter((id) => id.startsWith('AlarmsAudit'))
        .map((id) => [id.replace(/^AlarmsAudit/, '').replace(/[0-9A-F]{8}$/, ''), stack.json.Resources[id]?.Properties as Record<string, unknown>]),
    );
  const fn = resource(search.json, 'AWS::Lambda::Function', 'AuditFunction');
  const byDefault = alarms(search);
  assert.deepEqual(Object.keys(byDefault).sort(), ['Errors', 'MissingContacts']);
  assert.deepEqual(
    [byDefault.MissingContacts?.Namespace, byDefault.MissingContacts?.MetricName, byDefault.MissingContacts?.Statistic],
    ['CtrResync', 'ContactsMissingFromArchive', 'Maximum'],
  );
  assert.deepEqual(byDefault.MissingContacts?.Dimensions, [{ Name: 'service', Value: 'ctr-audit' }]);
  assert.equal(byDefault.MissingContacts?.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
  assert.equal(byDefault.MissingContacts?.Threshold, 1, 'default: alarm on any missing contact (> 0)');
  assert.equal(byDefault.MissingContacts?.TreatMissingData, 'notBreaching');
  assert.equal(alarms(dataLake).MissingContacts?.Threshold, 6, 'auditMissingContactsThreshold 5: alarm above 5');
  assert.deepEqual([byDefault.Errors?.Namespace, byDefault.Errors?.MetricName], ['AWS/Lambda', 'Errors']);
  assert.deepEqual(byDefault.Errors?.Dimensions, [{ Name: 'FunctionName', Value: { Ref: fn.id } }]);
  const withTopic = synthStack({ alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops-alarms' });
  for (const alarm of Object.values(alarms(withTopic))) assert.deepEqual(alarm.AlarmActions, ['arn:aws:sns:eu-west-1:123456789012:ops-alarms']);
});

test('auditEnabled=false removes the function, its schedule, its role and its alarms, and needs no instance ARN', () => {
  assert.equal(
    idsOf(off.json, 'AWS::Lambda::Function').some((id) => id.startsWith('Audit')),
    false,
  );
  assert.equal(idsOf(off.json, 'AWS::Scheduler::Schedule').filter((id) => id.startsWith('Audit')).length, 0);
  assert.equal(idsOf(off.json, 'AWS::CloudWatch::Alarm').filter((id) => id.startsWith('AlarmsAudit')).length, 0);
  assert.equal(parseStackConfig({ ...EXAMPLE_CONFIG, connectInstanceArn: undefined, auditEnabled: 'false' }).auditEnabled, false);
  for (const stack of [search, dataLake, off]) assert.deepEqual(stack.violations, []);
});

test('audit settings are validated with errors that name the setting', () => {
  const rejects = (raw: Record<string, unknown>, setting: string, message: RegExp) =>
    assert.throws(
      () => parseStackConfig({ ...EXAMPLE_CONFIG, ...raw }),
      (e: unknown) => e instanceof ConfigError && e.setting === setting && message.test(e.message),
      `${setting}: ${message}`,
    );
  rejects({ connectInstanceArn: undefined }, 'connectInstanceArn', /not set.*auditEnabled=false/);
  rejects({ connectInstanceArn: 'arn:aws:connect:eu-west-1:123456789012:instance' }, 'connectInstanceArn', /not a complete connect ARN/);
  rejects({ connectInstanceArn: INSTANCE.replace('eu-west-1', 'us-east-1') }, 'connectInstanceArn', /region us-east-1/);
  rejects({ auditEnabled: 'yes' }, 'auditEnabled', /true or false/);
  rejects({ auditSource: 'athena' }, 'auditSource', /data-lake, search-contacts/);
  rejects({ auditSource: 'data-lake' }, 'athenaOutputLocation', /not set.*result location/);
  rejects({ auditSource: 'data-lake', athenaOutputLocation: 'my-bucket/x' }, 'athenaOutputLocation', /S3 location/);
  rejects({ athenaWorkgroup: 'a b' }, 'athenaWorkgroup', /not a valid Athena workgroup/);
  rejects({ dataLakeTable: 'x"; DROP' }, 'dataLakeTable', /not a valid Athena table/);
  rejects({ auditSchedule: 'daily' }, 'auditSchedule', /EventBridge Scheduler syntax/);
  rejects({ auditDays: 0 }, 'auditDays', /1 to 31/);
  rejects({ auditLag: '10m' }, 'auditLag', /from 1h to 7d/);
  rejects({ auditMissingContactsThreshold: -1 }, 'auditMissingContactsThreshold', /0 to 1000000/);
  const config = parseStackConfig({ ...EXAMPLE_CONFIG, auditSource: 'data-lake', athenaOutputLocation: 's3://my-athena-results/ctr-resync' });
  assert.equal(
    config.athenaOutputLocation,
    's3://my-athena-results/ctr-resync/',
    'a trailing slash is added so the grant cannot reach a sibling prefix',
  );
});
