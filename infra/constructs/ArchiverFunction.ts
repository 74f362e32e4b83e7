import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ARCHIVE_PREFIXES } from '../../src/constants.ts';
import type { StackConfig } from '../config/StackConfig.ts';
import { COMMON_ENVIRONMENT, lambdaBundle } from './lambdaBundling.ts';
import { archiveStatements, bucketKeyStatement, functionRole, logStatement } from './policyStatements.ts';

/** Settings of {@link ArchiverFunction}. */
interface ArchiverFunctionProps
  extends Pick<
    StackConfig,
    | 'streamArn'
    | 'streamKeyArn'
    | 'enhancedFanOut'
    | 'archiverBatchSize'
    | 'archiverRetryAttempts'
    | 'archiverMaxRecordAgeHours'
    | 'archiverParallelization'
    | 'logRetentionDays'
    | 'metricsNamespace'
  > {
  readonly archive: s3.IBucket;
  readonly failedBatchBucket: s3.IBucket;
  readonly bucketKey?: kms.IKey;
  /** Event-driven repair's queue: each archived voice contact is sent there (`REPAIR_QUEUE_URL`). */
  readonly repairQueue?: sqs.IQueue;
}

/** Kinesis actions an event source mapping needs on the stream (Lambda developer guide, "Process Kinesis Data Streams records with Lambda"). */
const STREAM_READ_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
  'kinesis:SubscribeToShard',
];

/**
 * On-failure destination in S3. CDK's S3OnFailureDestination grants `grantReadWrite` (wildcard
 * actions on the whole bucket); Lambda needs only s3:PutObject and s3:ListBucket there, which the
 * archiver's role grants itself.
 */
class FailedBatchBucketDestination implements lambda.IEventSourceDlq {
  public constructor(private readonly bucket: s3.IBucket) {}

  public bind(): lambda.DlqDestinationConfig {
    return { destination: this.bucket.bucketArn };
  }
}

/**
 * The archiver: `src/lambda/archiveHandler.ts` consuming the contact center's EXISTING CTR stream as
 * a separate consumer (SCV's own Lambdas are untouched). Failed records are reported individually
 * (ReportBatchItemFailures), failing batches are bisected, retried a bounded number of times and
 * then written whole to the failed-batch bucket, so no batch is ever dropped silently.
 */
class ArchiverFunction extends Construct {
  public readonly fn: NodejsFunction;
  public readonly mapping: lambda.EventSourceMapping;
  public readonly logGroup: logs.LogGroup;
  /** The enhanced fan-out consumer, when `enhancedFanOut` is on. */
  public readonly consumer?: kinesis.StreamConsumer;

  public constructor(scope: Construct, id: string, props: ArchiverFunctionProps) {
    super(scope, id);
    if (props.enhancedFanOut) {
      const stream = kinesis.Stream.fromStreamArn(this, 'CtrStream', props.streamArn);
      this.consumer = new kinesis.StreamConsumer(this, 'Consumer', { stream, streamConsumerName: `${Stack.of(this).stackName}-archiver` });
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });

    const statements = [
      logStatement(this.logGroup),
      new iam.PolicyStatement({ sid: 'ReadCtrStream', actions: STREAM_READ_ACTIONS, resources: [props.streamArn] }),
      ...archiveStatements(props.archive, {
        read: [ARCHIVE_PREFIXES.versions],
        write: [ARCHIVE_PREFIXES.versions, 'index/', ARCHIVE_PREFIXES.quarantine],
      }),
      new iam.PolicyStatement({ sid: 'ListFailedBatches', actions: ['s3:ListBucket'], resources: [props.failedBatchBucket.bucketArn] }),
      new iam.PolicyStatement({ sid: 'WriteFailedBatches', actions: ['s3:PutObject'], resources: [props.failedBatchBucket.arnForObjects('*')] }),
    ];
    if (this.consumer) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadThroughConsumer',
          actions: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'],
          resources: [this.consumer.streamConsumerArn],
        }),
      );
    }
    if (props.streamKeyArn)
      statements.push(new iam.PolicyStatement({ sid: 'DecryptCtrStream', actions: ['kms:Decrypt'], resources: [props.streamKeyArn] }));
    if (props.bucketKey) statements.push(bucketKeyStatement(props.bucketKey, ['kms:GenerateDataKey', 'kms:Decrypt'], 'UseArchiveKey'));
    // SendMessageBatch is authorised by sqs:SendMessage.
    if (props.repairQueue)
      statements.push(new iam.PolicyStatement({ sid: 'EnqueueRepairChecks', actions: ['sqs:SendMessage'], resources: [props.repairQueue.queueArn] }));
    const role = functionRole(this, 'Role', 'ctr-resync archiver: reads the CTR stream, writes the archive', statements);

    this.fn = new NodejsFunction(this, 'Function', {
      ...lambdaBundle('archiveHandler.ts'),
      description: 'ctr-resync: archives every CTR from the contact-record stream to S3',
      role,
      logGroup: this.logGroup,
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: {
        ...COMMON_ENVIRONMENT,
        CTR_ARCHIVE: `s3://${props.archive.bucketName}`,
        METRICS_NAMESPACE: props.metricsNamespace,
        ...(props.repairQueue ? { REPAIR_QUEUE_URL: props.repairQueue.queueUrl } : {}),
      },
    });

    this.mapping = new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: this.fn,
      eventSourceArn: this.consumer ? this.consumer.streamConsumerArn : props.streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.archiverBatchSize,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: props.archiverRetryAttempts,
      maxRecordAge: Duration.hours(props.archiverMaxRecordAgeHours),
      parallelizationFactor: props.archiverParallelization,
      onFailure: new FailedBatchBucketDestination(props.failedBatchBucket),
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    // The role (with its inline policy) must exist before Lambda validates the mapping's access to the stream.
    this.mapping.node.addDependency(role);
  }
}

export { ArchiverFunction, STREAM_READ_ACTIONS };
export type { ArchiverFunctionProps };
