import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { rateWarning } from '../src/config/runLimits.ts';
import { stackEnvironment } from './config/parseStackConfig.ts';
import type { StackConfig } from './config/StackConfig.ts';
import { Alarms } from './constructs/Alarms.ts';
import { ArchiverFunction } from './constructs/ArchiverFunction.ts';
import { AuditFunction } from './constructs/AuditFunction.ts';
import { ArchiveStorage } from './constructs/ArchiveStorage.ts';
import { BackfillStateMachine } from './constructs/BackfillStateMachine.ts';
import { ReconcilerFunction } from './constructs/ReconcilerFunction.ts';
import { RepairChecker } from './constructs/RepairChecker.ts';

/** Properties of {@link CtrResyncStack}. */
interface CtrResyncStackProps extends Omit<StackProps, 'env' | 'stackName'> {
  /** Validated settings (see readStackConfig). */
  readonly config: StackConfig;
}

/**
 * ctr-resync next to an existing contact center, in one stack: the CTR archive bucket, the archiver
 * consuming the contact center's CTR stream, the scheduled reconcile, the backfill state machine and
 * the alarms. The stack deploys to the account and region of `streamArn`.
 */
class CtrResyncStack extends Stack {
  public readonly storage: ArchiveStorage;
  public readonly archiver: ArchiverFunction;
  public readonly reconciler: ReconcilerFunction;
  public readonly backfill: BackfillStateMachine;
  public readonly alarms: Alarms;
  /** Event-driven repair (absent with `eventRepair: false`). */
  public readonly repair?: RepairChecker;
  /** The scheduled completeness audit (absent with `auditEnabled: false`). */
  public readonly audit?: AuditFunction;

  public constructor(scope: Construct, id: string, props: CtrResyncStackProps) {
    const { config } = props;
    super(scope, id, {
      ...props,
      stackName: config.stackName,
      env: stackEnvironment(config),
      description: 'ctr-resync: archives every Amazon Connect CTR and resyncs lost Service Cloud Voice VoiceCall data',
    });

    this.storage = new ArchiveStorage(this, 'Storage', config);
    const bucketKey = this.storage.key ? { bucketKey: this.storage.key } : {};
    if (config.eventRepair) this.repair = new RepairChecker(this, 'Repair', { ...config, archive: this.storage.bucket, ...bucketKey });
    this.archiver = new ArchiverFunction(this, 'Archiver', {
      ...config,
      archive: this.storage.bucket,
      failedBatchBucket: this.storage.failedBatchBucket,
      ...bucketKey,
      ...(this.repair ? { repairQueue: this.repair.queue } : {}),
    });
    this.reconciler = new ReconcilerFunction(this, 'Reconcile', { ...config, archive: this.storage.bucket, ...bucketKey });
    this.backfill = new BackfillStateMachine(this, 'Backfill', {
      reconcile: this.reconciler.fn,
      maxConcurrency: config.backfillConcurrency,
      rateBudgetPerSecond: config.reconcileRate,
      reconcileTimeout: Duration.minutes(config.reconcileTimeoutMinutes),
    });
    if (config.auditEnabled) this.audit = new AuditFunction(this, 'Audit', { ...config, archive: this.storage.bucket, ...bucketKey });
    const rateAdvice = rateWarning(config.reconcileRate, 'reconcileRate');
    if (rateAdvice) Annotations.of(this).addWarningV2('ctr-resync:reconcileRate', rateAdvice);
    this.alarms = new Alarms(this, 'Alarms', {
      metricsNamespace: config.metricsNamespace,
      archiver: this.archiver.fn,
      archiverMappingId: this.archiver.mapping.eventSourceMappingId,
      reconcile: this.reconciler.fn,
      reconcileDeadLetterQueue: this.reconciler.deadLetterQueue,
      backfill: this.backfill.stateMachine,
      ...(this.repair ? { repair: { checker: this.repair.fn, deadLetterQueue: this.repair.deadLetterQueue } } : {}),
      ...(this.audit ? { audit: { fn: this.audit.fn, missingContactsThreshold: config.auditMissingContactsThreshold } } : {}),
      iteratorAgeAlarmMinutes: config.iteratorAgeAlarmMinutes,
      ...(config.alarmTopicArn ? { alarmTopicArn: config.alarmTopicArn } : {}),
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ArchiveLocation', {
      value: `s3://${this.storage.bucket.bucketName}`,
      description: 'CTR_ARCHIVE for the CLI (ctr-resync archive show/import, reconcile)',
    });
    new CfnOutput(this, 'FailedBatchBucketName', {
      value: this.storage.failedBatchBucket.bucketName,
      description: 'Batches the archiver gave up on (replay: docs/deploy.md)',
    });
    new CfnOutput(this, 'ArchiverFunctionName', { value: this.archiver.fn.functionName });
    new CfnOutput(this, 'ReconcileFunctionName', {
      value: this.reconciler.fn.functionName,
      description: 'Run by hand: aws lambda invoke --function-name <this> --payload ...',
    });
    new CfnOutput(this, 'ReconcileDeadLetterQueueUrl', { value: this.reconciler.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'BackfillStateMachineArn', {
      value: this.backfill.stateMachine.stateMachineArn,
      description: 'ctr-resync backfill --state-machine-arn <this>',
    });
    if (this.repair) {
      new CfnOutput(this, 'RepairQueueUrl', { value: this.repair.queue.queueUrl });
      new CfnOutput(this, 'RepairDeadLetterQueueUrl', {
        value: this.repair.deadLetterQueue.queueUrl,
        description: 'Repair checks given up on (VoiceCall never found, or failing): redrive after fixing the cause',
      });
    }
    if (this.audit)
      new CfnOutput(this, 'AuditFunctionName', {
        value: this.audit.fn.functionName,
        description: 'Re-audit a window: aws lambda invoke --function-name <this> --payload \'{"since":"...","until":"..."}\'',
      });
    if (this.alarms.topic) new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}

export { CtrResyncStack };
export type { CtrResyncStackProps };
