import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ARCHIVE_PREFIXES } from '../../src/constants.ts';
import type { StackConfig } from '../config/StackConfig.ts';
import { REPORTS_PREFIX } from './ArchiveStorage.ts';
import { COMMON_ENVIRONMENT, lambdaBundle } from './lambdaBundling.ts';
import { archiveStatements, bucketKeyStatement, decryptSecretsStatements, functionRole, logStatement } from './policyStatements.ts';

/** Settings of {@link ReconcilerFunction}. */
interface ReconcilerFunctionProps
  extends Omit<
    StackConfig,
    | 'stackName'
    | 'streamArn'
    | 'streamKeyArn'
    | 'enhancedFanOut'
    | `archiver${string}`
    | `${string}RetentionDays`
    | 'bucketKms'
    | 'accessLogs'
    | 'alarmTopicArn'
    | 'alarmEmail'
    | 'iteratorAgeAlarmMinutes'
    | 'backfillConcurrency'
    | 'eventRepair'
    | `repair${string}`
  > {
  readonly archive: s3.IBucket;
  readonly bucketKey?: kms.IKey;
  readonly logRetentionDays: number;
}

/** The reconcile Lambda's environment (names read by src/lambda/reconcileHandler.ts and src/config). */
function reconcileEnvironment(props: ReconcilerFunctionProps): Record<string, string> {
  const optional: Record<string, string | undefined> = {
    SF_CLIENT_ID: props.sfClientId,
    SF_USERNAME: props.sfUsername,
    SF_API_VERSION: props.sfApiVersion,
    SCV_SECRET_ARN: props.scvSecretArn,
    ITIA_FUNCTION_ARN: props.itiaFunctionArn,
    SCV_ORG_ID: props.scvOrgId,
    SCRT_BASE_URL: props.scrtBaseUrl,
    SCV_CALL_CENTER_API_NAME: props.callCenterApiName,
  };
  return {
    ...COMMON_ENVIRONMENT,
    CTR_ARCHIVE: `s3://${props.archive.bucketName}`,
    METRICS_NAMESPACE: props.metricsNamespace,
    SF_LOGIN_URL: props.sfLoginUrl,
    SF_SECRET_ARN: props.sfSecretArn,
    SCV_WRITER: props.writer,
    RECONCILE_WINDOW: props.reconcileWindow,
    RECONCILE_GRACE: props.reconcileGrace,
    RECONCILE_MODE: props.reconcileMode,
    RECONCILE_VERIFY_TIMEOUT: props.reconcileVerifyTimeout,
    RECONCILE_RATE: String(props.reconcileRate),
    ...Object.fromEntries(Object.entries(optional).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

/** Exactly what reconcile touches: archive prefixes, the two secrets, and ITIA only for the lambda writer. */
function reconcileStatements(props: ReconcilerFunctionProps, logGroup: logs.ILogGroup): iam.PolicyStatement[] {
  const secrets = [props.sfSecretArn, ...(props.scvSecretArn ? [props.scvSecretArn] : [])];
  const statements = [
    logStatement(logGroup),
    ...archiveStatements(props.archive, {
      // rebuilt/data-lake/: a contact with no captured CTR is reconciled from its data-lake version.
      read: [ARCHIVE_PREFIXES.versions, 'index/', ARCHIVE_PREFIXES.ledger, ARCHIVE_PREFIXES.rebuiltDataLake, ARCHIVE_PREFIXES.decisions],
      write: [ARCHIVE_PREFIXES.ledger, REPORTS_PREFIX, ARCHIVE_PREFIXES.decisions],
    }),
    new iam.PolicyStatement({ sid: 'ReadSecrets', actions: ['secretsmanager:GetSecretValue'], resources: secrets }),
  ];
  statements.push(...decryptSecretsStatements(props.secretKeyArns, props.sfSecretArn.split(':')[3] as string));
  if (props.writer === 'lambda' && props.itiaFunctionArn) {
    statements.push(
      new iam.PolicyStatement({ sid: 'InvokeTelephonyIntegrationApi', actions: ['lambda:InvokeFunction'], resources: [props.itiaFunctionArn] }),
    );
  }
  if (props.bucketKey) statements.push(bucketKeyStatement(props.bucketKey, ['kms:GenerateDataKey', 'kms:Decrypt'], 'UseArchiveKey'));
  return statements;
}

/**
 * The reconcile Lambda (`src/lambda/reconcileHandler.ts`) on an EventBridge Scheduler schedule.
 * Scheduler invokes Lambda asynchronously, so failures are caught twice: the schedule's retry policy
 * and dead-letter queue cover invocations that could not be delivered, and the function's own
 * asynchronous-invocation settings send runs that failed to the same queue (no automatic retry: the
 * next scheduled run covers the same rolling window).
 */
class ReconcilerFunction extends Construct {
  public readonly fn: NodejsFunction;
  public readonly logGroup: logs.LogGroup;
  /** Failed scheduled runs and undeliverable schedule invocations. */
  public readonly deadLetterQueue: sqs.Queue;
  public readonly schedule: scheduler.Schedule;

  public constructor(scope: Construct, id: string, props: ReconcilerFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const role = functionRole(
      this,
      'Role',
      'ctr-resync reconcile: reads the archive and secrets, writes ledger and reports',
      reconcileStatements(props, this.logGroup),
    );

    this.fn = new NodejsFunction(this, 'Function', {
      ...lambdaBundle('reconcileHandler.ts'),
      description: 'ctr-resync: re-applies archived CTRs to VoiceCalls whose CTR sync was lost, and verifies',
      role,
      logGroup: this.logGroup,
      memorySize: 1024,
      timeout: Duration.minutes(props.reconcileTimeoutMinutes),
      environment: reconcileEnvironment(props),
      retryAttempts: 0,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `ctr-resync: reconcile the last ${props.reconcileWindow}`,
      schedule: scheduler.ScheduleExpression.expression(props.reconcileSchedule),
      enabled: props.reconcileScheduleEnabled,
      target: new targets.LambdaInvoke(this.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      }),
    });
  }
}

export { ReconcilerFunction, reconcileEnvironment, reconcileStatements };
export type { ReconcilerFunctionProps };
