import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { ARCHIVE_PREFIXES } from '../../src/constants.ts';
import type { AuditConfig } from '../config/parseAuditConfig.ts';
import type { StackConfig } from '../config/StackConfig.ts';
import { REPORTS_PREFIX } from './ArchiveStorage.ts';
import { COMMON_ENVIRONMENT, lambdaBundle } from './lambdaBundling.ts';
import { archiveStatements, bucketKeyStatement, decryptSecretsStatements, functionRole, logStatement } from './policyStatements.ts';

/** Settings of {@link AuditFunction}. */
interface AuditFunctionProps
  extends AuditConfig,
    Pick<
      StackConfig,
      'sfLoginUrl' | 'sfClientId' | 'sfUsername' | 'sfApiVersion' | 'sfSecretArn' | 'secretKeyArns' | 'metricsNamespace' | 'logRetentionDays'
    > {
  readonly archive: s3.IBucket;
  readonly bucketKey?: kms.IKey;
}

/** Where the audit writes its reports (below the reconcile reports' prefix: same lifecycle rule). */
const AUDIT_REPORTS_PREFIX = `${REPORTS_PREFIX}audit/`;

/** Athena actions of one query: start, poll, page the results, cancel on timeout (AthenaContactRecordSource). */
const ATHENA_QUERY_ACTIONS = ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'];
/** Glue Data Catalog reads Athena makes for a SELECT on one table with partitions. */
const GLUE_READ_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'];
/** Object actions on the query result location: Athena writes results as the caller, GetQueryResults reads them. */
const RESULT_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** `s3://bucket/prefix/` → its parts. */
function splitS3Location(location: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  return { bucket: m?.[1] ?? '', prefix: m?.[2] ?? '' };
}

/** The Connect instance id (the last part of its ARN), which the Lambda's CONNECT_INSTANCE_ID takes. */
function instanceIdOf(instanceArn: string): string {
  return instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
}

/** The audit Lambda's environment (names read by src/config/auditSettings.ts and reconcileSettings.ts). */
function auditEnvironment(props: AuditFunctionProps): Record<string, string> {
  const optional: Record<string, string | undefined> = {
    SF_CLIENT_ID: props.sfClientId,
    SF_USERNAME: props.sfUsername,
    SF_API_VERSION: props.sfApiVersion,
  };
  const dataLake: Record<string, string> =
    props.auditSource === 'data-lake'
      ? {
          DATA_LAKE_DATABASE: props.dataLakeDatabase,
          DATA_LAKE_TABLE: props.dataLakeTable,
          ATHENA_WORKGROUP: props.athenaWorkgroup,
          ATHENA_CATALOG: 'AwsDataCatalog',
          ATHENA_OUTPUT_LOCATION: props.athenaOutputLocation as string,
        }
      : {};
  return {
    ...COMMON_ENVIRONMENT,
    CTR_ARCHIVE: `s3://${props.archive.bucketName}`,
    METRICS_NAMESPACE: props.metricsNamespace,
    SF_LOGIN_URL: props.sfLoginUrl,
    SF_SECRET_ARN: props.sfSecretArn,
    AUDIT_SOURCE: props.auditSource,
    AUDIT_DAYS: String(props.auditDays),
    AUDIT_LAG: props.auditLag,
    CONNECT_INSTANCE_ID: instanceIdOf(props.connectInstanceArn as string),
    ...dataLake,
    ...Object.fromEntries(Object.entries(optional).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

/**
 * Athena over the Connect data lake's Lake Formation share, least privilege (docs/deploy.md,
 * "Scheduled audit"): the query actions on the one workgroup; Glue reads on the catalog, the
 * database and the table only; `lakeformation:GetDataAccess`, which Athena needs to get Lake
 * Formation's temporary credentials for the table's data and which supports no resource-level
 * permission (its Resource must be "*": Service Authorization Reference, AWS Lake Formation);
 * the query result location, which IAM alone governs (Lake Formation cannot register it).
 */
function dataLakeStatements(props: AuditFunctionProps, stack: Stack): iam.PolicyStatement[] {
  const base = `arn:${stack.partition}`;
  const where = `${stack.region}:${stack.account}`;
  const { bucket, prefix } = splitS3Location(props.athenaOutputLocation as string);
  return [
    new iam.PolicyStatement({
      sid: 'RunAthenaQueries',
      actions: ATHENA_QUERY_ACTIONS,
      resources: [`${base}:athena:${where}:workgroup/${props.athenaWorkgroup}`],
    }),
    new iam.PolicyStatement({
      sid: 'ReadDataLakeCatalog',
      actions: GLUE_READ_ACTIONS,
      resources: [
        `${base}:glue:${where}:catalog`,
        `${base}:glue:${where}:database/${props.dataLakeDatabase}`,
        `${base}:glue:${where}:table/${props.dataLakeDatabase}/${props.dataLakeTable}`,
      ],
    }),
    new iam.PolicyStatement({ sid: 'LakeFormationDataAccess', actions: ['lakeformation:GetDataAccess'], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'LocateAthenaResults', actions: ['s3:GetBucketLocation'], resources: [`${base}:s3:::${bucket}`] }),
    new iam.PolicyStatement({
      sid: 'ListAthenaResults',
      actions: ['s3:ListBucket'],
      resources: [`${base}:s3:::${bucket}`],
      conditions: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
    }),
    new iam.PolicyStatement({ sid: 'UseAthenaResults', actions: RESULT_OBJECT_ACTIONS, resources: [`${base}:s3:::${bucket}/${prefix}*`] }),
  ];
}

/** Exactly what the audit touches: the archive's index (read) and audit reports (write), the Salesforce secret, Connect's side. */
function auditStatements(props: AuditFunctionProps, logGroup: logs.ILogGroup, stack: Stack): iam.PolicyStatement[] {
  const statements = [
    logStatement(logGroup),
    ...archiveStatements(props.archive, { read: [ARCHIVE_PREFIXES.byInitiation], write: [AUDIT_REPORTS_PREFIX] }),
    new iam.PolicyStatement({ sid: 'ReadSalesforceSecret', actions: ['secretsmanager:GetSecretValue'], resources: [props.sfSecretArn] }),
  ];
  statements.push(...decryptSecretsStatements(props.secretKeyArns, stack.region));
  if (props.auditSource === 'search-contacts') {
    const instance = props.connectInstanceArn as string;
    statements.push(
      new iam.PolicyStatement({ sid: 'SearchContacts', actions: ['connect:SearchContacts'], resources: [instance, `${instance}/contact/*`] }),
    );
  } else statements.push(...dataLakeStatements(props, stack));
  if (props.bucketKey) statements.push(bucketKeyStatement(props.bucketKey, ['kms:GenerateDataKey', 'kms:Decrypt'], 'UseArchiveKey'));
  return statements;
}

/**
 * The scheduled completeness audit (`src/lambda/auditHandler.ts`) on an EventBridge Scheduler
 * schedule (daily by default): it audits the previous complete UTC day(s), emits the per-day
 * metrics the alarms read and stores its report under `reports/audit/` in the archive. A failed
 * run is retried once by Lambda; the next day's run audits the next day, so a day whose run failed
 * twice is re-audited by invoking the function with `{"since": ..., "until": ...}` (docs/deploy.md).
 */
class AuditFunction extends Construct {
  public readonly fn: NodejsFunction;
  public readonly logGroup: logs.LogGroup;
  public readonly schedule: scheduler.Schedule;

  public constructor(scope: Construct, id: string, props: AuditFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });
    const role = functionRole(
      this,
      'Role',
      "ctr-resync audit: lists the archive's index, reads Connect's contacts and VoiceCalls, writes audit reports",
      auditStatements(props, this.logGroup, Stack.of(this)),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      ...lambdaBundle('auditHandler.ts'),
      description: 'ctr-resync: daily completeness audit (contacts Connect knows vs the archive vs VoiceCalls)',
      role,
      logGroup: this.logGroup,
      memorySize: 512,
      timeout: Duration.minutes(15),
      environment: auditEnvironment(props),
      retryAttempts: 1,
      maxEventAge: Duration.hours(6),
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `ctr-resync: audit the previous ${props.auditDays} complete UTC day(s)`,
      schedule: scheduler.ScheduleExpression.expression(props.auditSchedule),
      target: new targets.LambdaInvoke(this.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}

export { AUDIT_REPORTS_PREFIX, ATHENA_QUERY_ACTIONS, AuditFunction, auditEnvironment, auditStatements, GLUE_READ_ACTIONS, RESULT_OBJECT_ACTIONS };
export type { AuditFunctionProps };
