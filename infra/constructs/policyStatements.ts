import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** What one function may do in the archive: object actions per key prefix (`ctr/`, `ledger/`...). */
interface ArchiveAccess {
  /** Prefixes whose objects it reads (GetObject; HeadObject needs the same action). */
  readonly read?: readonly string[];
  /** Prefixes it writes (PutObject). */
  readonly write?: readonly string[];
}

/**
 * Prefix-scoped object statements plus ListBucket on the bucket.
 *
 * ListBucket has no `s3:prefix` condition on purpose: S3 answers a GET or HEAD of a missing key with
 * 404 only when the caller holds s3:ListBucket on the bucket, and 403 otherwise (HeadObject API
 * reference). The archiver's "already stored?" HEAD and reconcile's ledger GET depend on that 404, and a
 * HEAD/GET request carries no `s3:prefix` key, so a prefix condition would turn every miss into a 403.
 */
function archiveStatements(bucket: s3.IBucket, access: ArchiveAccess): iam.PolicyStatement[] {
  const objects = (prefixes: readonly string[]): string[] => prefixes.map((p) => bucket.arnForObjects(`${p}*`));
  const statements = [new iam.PolicyStatement({ sid: 'ListArchive', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] })];
  if (access.read?.length)
    statements.push(new iam.PolicyStatement({ sid: 'ReadArchive', actions: ['s3:GetObject'], resources: objects(access.read) }));
  if (access.write?.length)
    statements.push(new iam.PolicyStatement({ sid: 'WriteArchive', actions: ['s3:PutObject'], resources: objects(access.write) }));
  return statements;
}

/** Use of a bucket's KMS key, only through S3 in this region (SSE-KMS reads and writes). */
function bucketKeyStatement(key: kms.IKey, actions: readonly string[], sid: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: [...actions],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(key).region}.amazonaws.com` } },
  });
}

/** Writing to the function's own log group (its streams), nothing else in CloudWatch Logs. */
function logStatement(logGroup: logs.ILogGroup): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] });
}

/** An execution role for a Lambda function that carries only the given inline statements (no managed policies). */
function functionRole(scope: Construct, id: string, description: string, statements: iam.PolicyStatement[]): iam.Role {
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
    inlinePolicies: { LeastPrivilege: new iam.PolicyDocument({ statements }) },
  });
}

/**
 * `kms:Decrypt` on the secrets' customer-managed keys, only through Secrets Manager in `region`;
 * none when the secrets use the AWS-managed key.
 */
function decryptSecretsStatements(keyArns: readonly string[], region: string): iam.PolicyStatement[] {
  if (keyArns.length === 0) return [];
  return [
    new iam.PolicyStatement({
      sid: 'DecryptSecrets',
      actions: ['kms:Decrypt'],
      resources: [...keyArns],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    }),
  ];
}

export { archiveStatements, bucketKeyStatement, decryptSecretsStatements, functionRole, logStatement };
export type { ArchiveAccess };
