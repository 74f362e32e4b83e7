import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { lambdaBundle } from './lambdaBundling.ts';
import { functionRole } from './policyStatements.ts';
import { type ReconcilerFunctionProps, reconcileEnvironment, reconcileStatements } from './ReconcilerFunction.ts';

/** Settings of {@link RepairChecker}. */
interface RepairCheckerProps extends ReconcilerFunctionProps {
  readonly repairDelaySeconds: number;
  readonly repairBatchSize: number;
  readonly repairMaxConcurrency: number;
  readonly repairRatePerSecond: number;
  readonly repairMaxReceiveCount: number;
}

/** The checker's own timeout; its verification gets half of it. */
const CHECKER_TIMEOUT = Duration.minutes(2);
const CHECKER_VERIFY_TIMEOUT = '1m';
/** Lambda's guidance for SQS event sources: a visibility timeout of at least six times the function timeout. */
const VISIBILITY_TIMEOUT = Duration.minutes(12);

/** Actions Lambda's SQS event source needs on the queue (Lambda developer guide, "Using Lambda with Amazon SQS"). */
const QUEUE_CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'];

/**
 * Event-driven repair: the repair queue (SSE-SQS, TLS only, the delivery delay as its
 * DelaySeconds), its dead-letter queue, and the checker Lambda (`src/lambda/repairCheckerHandler.ts`)
 * on an SQS event source with ReportBatchItemFailures and a bounded maximum concurrency, so its
 * PATCHes stay within `repairRatePerSecond × repairMaxConcurrency` a second. The checker has the
 * scheduled reconcile's permissions (archive, ledger, secrets, ITIA for the lambda writer) plus
 * consuming this queue; the archiver gets `sqs:SendMessage` on it (see ArchiverFunction).
 */
class RepairChecker extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly fn: NodejsFunction;
  public readonly logGroup: logs.LogGroup;
  public readonly mapping: lambda.EventSourceMapping;

  public constructor(scope: Construct, id: string, props: RepairCheckerProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deliveryDelay: Duration.seconds(props.repairDelaySeconds),
      visibilityTimeout: VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.repairMaxReceiveCount },
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });
    const role = functionRole(
      this,
      'Role',
      'ctr-resync repair checker: consumes the repair queue, reads the archive and secrets, writes the ledger',
      [
        ...reconcileStatements(props, this.logGroup),
        new iam.PolicyStatement({ sid: 'ConsumeRepairQueue', actions: QUEUE_CONSUME_ACTIONS, resources: [this.queue.queueArn] }),
      ],
    );
    this.fn = new NodejsFunction(this, 'Function', {
      ...lambdaBundle('repairCheckerHandler.ts'),
      description: 'ctr-resync: repairs, minutes after the call, VoiceCalls whose CTR sync was lost',
      role,
      logGroup: this.logGroup,
      memorySize: 512,
      timeout: CHECKER_TIMEOUT,
      environment: {
        ...reconcileEnvironment(props),
        RECONCILE_VERIFY_TIMEOUT: CHECKER_VERIFY_TIMEOUT,
        RECONCILE_RATE: String(props.repairRatePerSecond),
        REPAIR_MODE: 'missing',
      },
    });
    this.mapping = new lambda.EventSourceMapping(this, 'QueueMapping', {
      target: this.fn,
      eventSourceArn: this.queue.queueArn,
      batchSize: props.repairBatchSize,
      ...(props.repairBatchSize > 10 ? { maxBatchingWindow: Duration.seconds(5) } : {}),
      reportBatchItemFailures: true,
      maxConcurrency: props.repairMaxConcurrency,
    });
    this.mapping.node.addDependency(role);
  }
}

export { QUEUE_CONSUME_ACTIONS, RepairChecker };
export type { RepairCheckerProps };
