import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Settings of {@link Alarms}. */
interface AlarmsProps {
  readonly metricsNamespace: string;
  readonly archiver: lambda.IFunction;
  /** UUID of the archiver's event source mapping (dimension of its EventCount metrics). */
  readonly archiverMappingId: string;
  readonly reconcile: lambda.IFunction;
  readonly reconcileDeadLetterQueue: sqs.IQueue;
  readonly backfill: sfn.IStateMachine;
  /** Event-driven repair's checker and dead-letter queue, when it is on. */
  readonly repair?: { readonly checker: lambda.IFunction; readonly deadLetterQueue: sqs.IQueue };
  /** The scheduled audit, when it is on: alarm when one day misses more than `missingContactsThreshold` contacts. */
  readonly audit?: { readonly fn: lambda.IFunction; readonly missingContactsThreshold: number };
  readonly iteratorAgeAlarmMinutes: number;
  readonly alarmTopicArn?: string;
  readonly alarmEmail?: string;
}

/** Powertools Metrics writes the service name as the `service` dimension (Metrics.setOptions). */
const SERVICE_DIMENSION = 'service';
/** The `serviceName` each entry point gives Powertools Metrics. */
const SERVICES = { archiver: 'ctr-archiver', reconcile: 'ctr-reconcile', repair: 'ctr-repair-checker', audit: 'ctr-audit' } as const;
const PERIOD = Duration.minutes(5);

/**
 * CloudWatch alarms on everything that means "a CTR or a resync may be lost": archive failures,
 * quarantined records, a falling-behind or failing stream consumer, failed batches, failed or
 * unconfirmed reconcile runs, failed backfills. Each fires on the first occurrence; missing data
 * (no traffic) is not breaching. Optional SNS topic for the alarm actions.
 */
class Alarms extends Construct {
  /** Every alarm, by construct id. */
  public readonly alarms: Record<string, cloudwatch.Alarm> = {};
  /** The topic alarm actions publish to, when one was given or created. */
  public readonly topic?: sns.ITopic;

  public constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    if (props.alarmTopicArn) this.topic = sns.Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn);
    else if (props.alarmEmail) this.topic = this.createTopic(props.alarmEmail);

    const emf = (service: string, metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { [SERVICE_DIMENSION]: service },
        statistic: 'Sum',
        period: PERIOD,
      });
    const mapping = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: { EventSourceMappingUUID: props.archiverMappingId },
        statistic: 'Sum',
        period: PERIOD,
      });

    this.atLeastOnce(
      'ArchiveFailedRecords',
      emf(SERVICES.archiver, 'FailedRecords'),
      'Records the archiver could not store (they are retried, then sent to the failed-batch bucket)',
    );
    this.atLeastOnce(
      'ArchiverErrors',
      props.archiver.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      'Archiver invocations that failed as a whole',
    );
    this.atLeastOnce(
      'QuarantinedRecords',
      emf(SERVICES.archiver, 'QuarantinedRecords'),
      'Malformed records were quarantined (quarantine/ in the archive)',
    );
    this.atLeastOnce(
      'FailedBatchesDelivered',
      mapping('OnFailureDestinationDeliveredEventCount'),
      'Records were given up on and written to the failed-batch bucket: replay them (docs/deploy.md)',
    );
    this.atLeastOnce('DroppedRecords', mapping('DroppedEventCount'), 'Records were dropped without reaching the failed-batch bucket');
    this.atLeastOnce(
      'FailedBatchDeliveryFailures',
      props.archiver.metric('DestinationDeliveryFailures', { period: PERIOD, statistic: 'Sum' }),
      'Lambda could not write a failed batch to the failed-batch bucket',
    );
    this.alarm(
      'ArchiverIteratorAge',
      props.archiver.metric('IteratorAge', { period: PERIOD, statistic: 'Maximum' }),
      props.iteratorAgeAlarmMinutes * 60_000,
      `The archiver is more than ${props.iteratorAgeAlarmMinutes} minutes behind the stream (records expire with the stream's retention)`,
    );
    this.atLeastOnce('ReconcileErrors', props.reconcile.metricErrors({ period: PERIOD, statistic: 'Sum' }), 'A reconcile run failed');
    this.atLeastOnce('ReconcileFailedRecords', emf(SERVICES.reconcile, 'Failed'), 'Reconcile could not resync some VoiceCalls');
    this.atLeastOnce(
      'ReconcileUnconfirmed',
      emf(SERVICES.reconcile, 'ResyncedUnconfirmed'),
      'Reconcile sent updates whose landing it could not confirm',
    );
    this.atLeastOnce(
      'ReconcileDeadLetters',
      props.reconcileDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      'Scheduled reconcile runs failed or could not be invoked (dead-letter queue is not empty)',
    );
    if (props.repair) {
      this.atLeastOnce(
        'RepairDeadLetters',
        props.repair.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        'Repair checks were given up on (repair dead-letter queue is not empty): no VoiceCall, or every try failed',
      );
      this.atLeastOnce(
        'RepairCheckerErrors',
        props.repair.checker.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        'A repair checker invocation failed',
      );
      this.atLeastOnce(
        'RepairEnqueueFailures',
        emf(SERVICES.archiver, 'RepairEnqueueFailures'),
        'The archiver could not enqueue repair checks (their records are retried from the stream)',
      );
    }
    if (props.audit) {
      // One value per audited day (src/lambda/createAuditHandler.ts): Maximum is the worst day of the run.
      const missing = new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: 'ContactsMissingFromArchive',
        dimensionsMap: { [SERVICE_DIMENSION]: SERVICES.audit },
        statistic: 'Maximum',
        period: PERIOD,
      });
      const n = props.audit.missingContactsThreshold;
      this.alarm(
        'AuditMissingContacts',
        missing,
        n + 1,
        `The audit found a day with more than ${n} contact(s) Connect knows but the archive lacks (capture gap): see the report under reports/audit/ and docs/deploy.md`,
      );
      this.atLeastOnce(
        'AuditErrors',
        props.audit.fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        'A scheduled audit run failed (its log says which input: connect, archive or voiceCalls)',
      );
    }
    this.atLeastOnce(
      'BackfillFailed',
      props.backfill.metricFailed({ period: PERIOD, statistic: 'Sum' }),
      'A backfill execution failed or left windows incomplete',
    );
  }

  private atLeastOnce(id: string, metric: cloudwatch.IMetric, description: string): void {
    this.alarm(id, metric, 1, description);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `ctr-resync: ${description}`,
    });
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms[id] = alarm;
  }

  private createTopic(email: string): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', { displayName: 'ctr-resync alarms', enforceSSL: true });
    const stack = Stack.of(this);
    // The topic policy replaces SNS's default one, so CloudWatch alarms of this account are allowed explicitly.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }
}

export { Alarms, SERVICE_DIMENSION, SERVICES };
export type { AlarmsProps };
