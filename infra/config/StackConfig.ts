/**
 * The settings of the ctr-resync stack. They are CDK context values (`cdk deploy -c key=value`) or keys
 * of a JSON file named by the `configFile` context value; see docs/deploy.md for the table.
 */

import { DEFAULT_REPAIR_DELAY_SECONDS } from '../../src/config/repairSettings.ts';

/** Which way reconcile writes VoiceCalls (the reconcile Lambda's `SCV_WRITER`). */
type WriterKind = 'telephony' | 'lambda';

/** Where the scheduled audit reads Connect's contacts (the audit Lambda's `AUDIT_SOURCE`). */
type AuditSourceSetting = 'search-contacts' | 'data-lake';

/** Reconcile mode (the reconcile Lambda's `RECONCILE_MODE`). */
type ReconcileModeSetting = 'missing' | 'diff';

/** Validated stack settings with every default applied. */
interface StackConfig {
  /** CloudFormation stack name. */
  readonly stackName: string;
  /** The contact-record Kinesis stream the contact center already writes to (its region and account are the stack's). */
  readonly streamArn: string;
  /** The stream's customer-managed KMS key, when it is encrypted with one (kms:Decrypt is granted only then). */
  readonly streamKeyArn?: string;
  /** Read through a dedicated enhanced fan-out consumer instead of the shared 2 MB/s/shard read throughput. */
  readonly enhancedFanOut: boolean;
  /** Records per archiver invocation. */
  readonly archiverBatchSize: number;
  /** Retries of a failed batch before it goes to the failed-batch bucket. */
  readonly archiverRetryAttempts: number;
  /** Records older than this go to the failed-batch bucket instead of being retried. */
  readonly archiverMaxRecordAgeHours: number;
  /** Concurrent batches per shard (order is kept per partition key). */
  readonly archiverParallelization: number;

  /** Salesforce My Domain login URL. */
  readonly sfLoginUrl: string;
  /** Connected app consumer key (may come from the Salesforce secret instead). */
  readonly sfClientId?: string;
  /** Integration user for the JWT bearer flow (may come from the Salesforce secret instead). */
  readonly sfUsername?: string;
  /** Salesforce REST API version, e.g. 61.0. */
  readonly sfApiVersion?: string;
  /** Secrets Manager ARN of the connected-app credentials (`{privateKey}` or `{clientSecret}`). */
  readonly sfSecretArn: string;
  /** How VoiceCalls are written. */
  readonly writer: WriterKind;
  /** Secrets Manager ARN of the contact-center key (telephony writer only). */
  readonly scvSecretArn?: string;
  /** InvokeTelephonyIntegrationApiFunction ARN (lambda writer only). */
  readonly itiaFunctionArn?: string;
  /** Overrides of values that otherwise come from the SCV secret (telephony writer only). */
  readonly scvOrgId?: string;
  readonly scrtBaseUrl?: string;
  readonly callCenterApiName?: string;
  /** Customer-managed KMS keys of the two secrets, if any (kms:Decrypt through Secrets Manager only). */
  readonly secretKeyArns: readonly string[];

  /** EventBridge Scheduler expression of the scheduled reconcile. */
  readonly reconcileSchedule: string;
  /** Turn the schedule off without removing it. */
  readonly reconcileScheduleEnabled: boolean;
  /** Rolling window of each scheduled run (`RECONCILE_WINDOW`). */
  readonly reconcileWindow: string;
  /** Calls younger than this are left alone (`RECONCILE_GRACE`). */
  readonly reconcileGrace: string;
  readonly reconcileMode: ReconcileModeSetting;
  /** How long to wait for each PATCH to land (`RECONCILE_VERIFY_TIMEOUT`). */
  readonly reconcileVerifyTimeout: string;
  /** Reconcile Lambda timeout, 1 to 15 minutes. */
  readonly reconcileTimeoutMinutes: number;
  /** Day windows of a backfill that run at once. */
  readonly backfillConcurrency: number;
  /**
   * The org-wide PATCH budget, requests per second (1–500; a synth warning above SCV's documented 50):
   * the scheduled run's `RECONCILE_RATE`, and split evenly across a backfill's parallel windows
   * (`ratePerWorker(reconcileRate, backfillConcurrency)` each).
   */
  readonly reconcileRate: number;

  /** Event-driven repair: the archiver enqueues each voice contact for a delayed check by the repair checker. */
  readonly eventRepair: boolean;
  /** The repair queue's delivery delay (SQS DelaySeconds, 0–900). */
  readonly repairDelaySeconds: number;
  /** Messages per checker invocation (one VoiceCall query per batch, so at most 200). */
  readonly repairBatchSize: number;
  /** Checker invocations at once (the SQS event source's maximum concurrency, 2–1000). */
  readonly repairMaxConcurrency: number;
  /** PATCHes a second per checker invocation; the checker's share of the org's budget is this × repairMaxConcurrency. */
  readonly repairRatePerSecond: number;
  /** Receives of one message before it moves to the repair dead-letter queue. */
  readonly repairMaxReceiveCount: number;

  /** Days to keep CTR versions, index entries and CTRs rebuilt from the data lake (`ctr/`, `index/`, `rebuilt/data-lake/`); 0 keeps them forever. */
  readonly ctrRetentionDays: number;
  /** Days to keep quarantined records; 0 keeps them forever. */
  readonly quarantineRetentionDays: number;
  /** Days to keep the resync ledger; 0 keeps it forever. */
  readonly ledgerRetentionDays: number;
  /** Days to keep reconcile reports; 0 keeps them forever. */
  readonly reportRetentionDays: number;
  /** Days to keep overwritten or deleted (noncurrent) object versions. */
  readonly noncurrentVersionRetentionDays: number;
  /** Days to keep batches the archiver could not process (failed-batch bucket); 0 keeps them forever. */
  readonly failedBatchRetentionDays: number;
  /** Encrypt the archive with a new customer-managed KMS key instead of SSE-S3. */
  readonly bucketKms: boolean;
  /** Write S3 server access logs of the archive to a separate log bucket. */
  readonly accessLogs: boolean;
  /** Days to keep access logs. */
  readonly accessLogRetentionDays: number;
  /** CloudWatch Logs retention of both functions (a value CloudWatch accepts, e.g. 90). */
  readonly logRetentionDays: number;

  /** Namespace of the functions' EMF metrics (`METRICS_NAMESPACE`). */
  readonly metricsNamespace: string;
  /** Existing SNS topic for alarm actions. */
  readonly alarmTopicArn?: string;
  /** Create an SNS topic for alarm actions and subscribe this address. */
  readonly alarmEmail?: string;
  /** Alarm when the archiver's iterator age exceeds this many minutes. */
  readonly iteratorAgeAlarmMinutes: number;

  /** The scheduled completeness audit (AuditFunction): Connect's contacts vs the archive vs VoiceCalls. */
  readonly auditEnabled: boolean;
  /** EventBridge Scheduler expression of the audit (default daily at 03:00 UTC). */
  readonly auditSchedule: string;
  /** Connect's side of the audit (`AUDIT_SOURCE`). */
  readonly auditSource: AuditSourceSetting;
  /** Complete UTC days audited per run (`AUDIT_DAYS`, 1–31). */
  readonly auditDays: number;
  /** A day is audited once its end is this far in the past (`AUDIT_LAG`, 1h–7d). */
  readonly auditLag: string;
  /** Alarm when one audited day misses more than this many contacts from the archive. */
  readonly auditMissingContactsThreshold: number;
  /** The Amazon Connect instance audited (required while auditEnabled). */
  readonly connectInstanceArn?: string;
  /** Data-lake source only: Glue database (a resource link to the share, in this account) and table. */
  readonly dataLakeDatabase: string;
  readonly dataLakeTable: string;
  /** Data-lake source only: the Athena workgroup the queries run in. */
  readonly athenaWorkgroup: string;
  /** Data-lake source only: `s3://bucket/prefix/` for query results (the IAM grant is scoped to it). */
  readonly athenaOutputLocation?: string;
}

/** Defaults of every optional setting. */
const STACK_DEFAULTS = {
  stackName: 'CtrResync',
  enhancedFanOut: false,
  archiverBatchSize: 100,
  archiverRetryAttempts: 10,
  archiverMaxRecordAgeHours: 24,
  archiverParallelization: 1,
  writer: 'telephony',
  reconcileSchedule: 'rate(1 hour)',
  reconcileScheduleEnabled: true,
  reconcileWindow: '3d',
  reconcileGrace: '30m',
  reconcileMode: 'missing',
  reconcileVerifyTimeout: '3m',
  reconcileTimeoutMinutes: 15,
  backfillConcurrency: 2,
  reconcileRate: 10,
  eventRepair: true,
  repairDelaySeconds: DEFAULT_REPAIR_DELAY_SECONDS,
  repairBatchSize: 10,
  repairMaxConcurrency: 2,
  repairRatePerSecond: 5,
  repairMaxReceiveCount: 5,
  ctrRetentionDays: 730,
  quarantineRetentionDays: 90,
  ledgerRetentionDays: 730,
  reportRetentionDays: 400,
  noncurrentVersionRetentionDays: 30,
  failedBatchRetentionDays: 365,
  bucketKms: false,
  accessLogs: false,
  accessLogRetentionDays: 365,
  logRetentionDays: 90,
  metricsNamespace: 'CtrResync',
  iteratorAgeAlarmMinutes: 60,
  auditEnabled: true,
  auditSchedule: 'cron(0 3 * * ? *)',
  auditSource: 'search-contacts',
  auditDays: 1,
  auditLag: '2h',
  auditMissingContactsThreshold: 0,
  dataLakeDatabase: 'connect_datalake',
  dataLakeTable: 'contact_record',
  athenaWorkgroup: 'primary',
} as const;

/** Every setting name, for reading context values and rejecting unknown keys. */
const STACK_CONFIG_KEYS = [
  'stackName',
  'streamArn',
  'streamKeyArn',
  'enhancedFanOut',
  'archiverBatchSize',
  'archiverRetryAttempts',
  'archiverMaxRecordAgeHours',
  'archiverParallelization',
  'sfLoginUrl',
  'sfClientId',
  'sfUsername',
  'sfApiVersion',
  'sfSecretArn',
  'writer',
  'scvSecretArn',
  'itiaFunctionArn',
  'scvOrgId',
  'scrtBaseUrl',
  'callCenterApiName',
  'secretKeyArns',
  'reconcileSchedule',
  'reconcileScheduleEnabled',
  'reconcileWindow',
  'reconcileGrace',
  'reconcileMode',
  'reconcileVerifyTimeout',
  'reconcileTimeoutMinutes',
  'backfillConcurrency',
  'reconcileRate',
  'eventRepair',
  'repairDelaySeconds',
  'repairBatchSize',
  'repairMaxConcurrency',
  'repairRatePerSecond',
  'repairMaxReceiveCount',
  'ctrRetentionDays',
  'quarantineRetentionDays',
  'ledgerRetentionDays',
  'reportRetentionDays',
  'noncurrentVersionRetentionDays',
  'failedBatchRetentionDays',
  'bucketKms',
  'accessLogs',
  'accessLogRetentionDays',
  'logRetentionDays',
  'metricsNamespace',
  'alarmTopicArn',
  'alarmEmail',
  'iteratorAgeAlarmMinutes',
  'auditEnabled',
  'auditSchedule',
  'auditSource',
  'auditDays',
  'auditLag',
  'auditMissingContactsThreshold',
  'connectInstanceArn',
  'dataLakeDatabase',
  'dataLakeTable',
  'athenaWorkgroup',
  'athenaOutputLocation',
] as const satisfies readonly (keyof StackConfig)[];

export { STACK_CONFIG_KEYS, STACK_DEFAULTS };
export type { AuditSourceSetting, ReconcileModeSetting, StackConfig, WriterKind };
