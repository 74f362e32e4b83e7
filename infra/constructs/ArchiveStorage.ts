import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ARCHIVE_PREFIXES } from '../../src/constants.ts';
import type { StackConfig } from '../config/StackConfig.ts';

/** Settings of {@link ArchiveStorage}. */
type ArchiveStorageProps = Pick<
  StackConfig,
  | 'ctrRetentionDays'
  | 'quarantineRetentionDays'
  | 'ledgerRetentionDays'
  | 'reportRetentionDays'
  | 'noncurrentVersionRetentionDays'
  | 'failedBatchRetentionDays'
  | 'bucketKms'
  | 'accessLogs'
  | 'accessLogRetentionDays'
>;

/** Prefix of reconcile reports (written by the reconcile Lambda, not part of ARCHIVE_PREFIXES). */
const REPORTS_PREFIX = 'reports/';
const INCOMPLETE_UPLOAD_DAYS = 7;

/** Expiry of one key prefix, or nothing when the retention is 0 (keep forever). */
function expireRule(id: string, prefix: string, days: number): s3.LifecycleRule[] {
  return days > 0 ? [{ id, prefix, expiration: Duration.days(days) }] : [];
}

/**
 * The buckets: the CTR archive (versioned), the archiver's failed-batch bucket and, optionally, the
 * access-log bucket. Every bucket blocks public access, disables ACLs, refuses plain HTTP and TLS
 * below 1.2, is encrypted (SSE-S3, or SSE-KMS with one new rotating key) and is kept when the stack
 * is deleted.
 */
class ArchiveStorage extends Construct {
  /** The CTR archive; the Lambdas use it as `CTR_ARCHIVE=s3://<bucket>`. */
  public readonly bucket: s3.Bucket;
  /** Where the archiver's event source mapping puts batches it gave up on (whole invocation records). */
  public readonly failedBatchBucket: s3.Bucket;
  /** The customer-managed key, when `bucketKms` is on. */
  public readonly key?: kms.Key;
  /** Server access logs of the archive, when `accessLogs` is on. */
  public readonly accessLogBucket?: s3.Bucket;

  public constructor(scope: Construct, id: string, props: ArchiveStorageProps) {
    super(scope, id);
    if (props.bucketKms) {
      this.key = new kms.Key(this, 'Key', {
        description: 'ctr-resync: encrypts the CTR archive and failed batches',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    const encryption = this.key
      ? { encryption: s3.BucketEncryption.KMS, encryptionKey: this.key, bucketKeyEnabled: true }
      : { encryption: s3.BucketEncryption.S3_MANAGED };
    const secure = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    if (props.accessLogs) {
      // SSE-S3: the S3 logging service can write without a grant on a customer-managed key.
      this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
        ...secure,
        encryption: s3.BucketEncryption.S3_MANAGED,
        lifecycleRules: [
          {
            id: 'expire-logs',
            expiration: Duration.days(props.accessLogRetentionDays),
            abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
          },
        ],
      });
    }

    this.bucket = new s3.Bucket(this, 'Archive', {
      ...secure,
      ...encryption,
      versioned: true,
      ...(this.accessLogBucket ? { serverAccessLogsBucket: this.accessLogBucket, serverAccessLogsPrefix: 'archive/' } : {}),
      lifecycleRules: [
        ...expireRule('expire-ctr-versions', ARCHIVE_PREFIXES.versions, props.ctrRetentionDays),
        ...expireRule('expire-ctr-index', 'index/', props.ctrRetentionDays),
        // CTRs rebuilt from the data lake are kept as long as captured ones.
        ...expireRule('expire-rebuilt-ctrs', ARCHIVE_PREFIXES.rebuiltDataLake, props.ctrRetentionDays),
        ...expireRule('expire-quarantine', ARCHIVE_PREFIXES.quarantine, props.quarantineRetentionDays),
        ...expireRule('expire-ledger', ARCHIVE_PREFIXES.ledger, props.ledgerRetentionDays),
        ...expireRule('expire-reports', REPORTS_PREFIX, props.reportRetentionDays),
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
        },
      ],
    });

    this.failedBatchBucket = new s3.Bucket(this, 'FailedBatches', {
      ...secure,
      ...encryption,
      lifecycleRules: [
        {
          id: 'expire-failed-batches',
          ...(props.failedBatchRetentionDays > 0 ? { expiration: Duration.days(props.failedBatchRetentionDays) } : {}),
          abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
        },
      ],
    });
  }
}

export { ArchiveStorage, REPORTS_PREFIX };
export type { ArchiveStorageProps };
