import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ARCHIVE_RETRY } from '../constants.ts';
import { ArchiveObjectNotFoundError, ArchiveUnavailableError } from '../errors.ts';
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../ports/ArchiveStore.ts';
import { assertSafeKey } from './assertSafeKey.ts';

interface S3ArchiveStoreBaseOptions {
  /** Bucket name. */
  readonly bucket: string;
  /** Key prefix inside the bucket (normalised to end with `/`). @default '' */
  readonly prefix?: string;
}

/** Options with a ready S3 client (its retry settings are the caller's). */
interface S3ArchiveStoreWithClient extends S3ArchiveStoreBaseOptions {
  readonly client: S3Client;
  readonly clientConfig?: never;
}

/**
 * Options with client settings. The SDK's standard settings still apply (region, credentials,
 * `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`), so a local S3-compatible server works by
 * configuration; set `forcePathStyle: true` for servers without virtual-hosted buckets.
 */
interface S3ArchiveStoreWithClientConfig extends S3ArchiveStoreBaseOptions {
  readonly client?: never;
  readonly clientConfig?: S3ClientConfig;
}

type S3ArchiveStoreOptions = S3ArchiveStoreWithClient | S3ArchiveStoreWithClientConfig;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** True for a name S3 accepts as a bucket (3–63 lower-case letters, digits, dots and hyphens; no `..`). */
function isBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..');
}
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'InternalError',
  'ServiceUnavailable',
  'OperationAborted',
  // Two conditional writes of one key at once: S3 lets one win and answers 409 to the other; the
  // retry then finds the object (412, a duplicate).
  'ConditionalRequestConflict',
]);

/**
 * Archive store on Amazon S3 (or any S3-compatible server) through AWS SDK v3.
 *
 * Throttling (503 SlowDown), 5xx and network errors are retried by the SDK's standard retry
 * strategy (exponential backoff with jitter, {@link ARCHIVE_RETRY}.maxAttempts attempts) when the
 * store builds its own client; what still fails surfaces as {@link ArchiveUnavailableError}.
 *
 * @example
 * ```ts
 * const store = new S3ArchiveStore({ bucket: 'ctr-archive', prefix: 'prod/', clientConfig: { region: 'eu-west-1' } });
 * ```
 */
class S3ArchiveStore implements ArchiveStore {
  public readonly location: string;
  public readonly client: S3Client;
  /** Real S3 enforces `If-None-Match: *` (since August 2024); local S3-compatible servers ignore it. */
  public readonly ifAbsentSupport = 'detect';
  readonly #bucket: string;
  readonly #prefix: string;

  public constructor(options: S3ArchiveStoreOptions) {
    if (!isBucketName(options.bucket)) {
      throw new TypeError(`Expected \`bucket\` to be an S3 bucket name, got ${JSON.stringify(options.bucket)}`);
    }
    const prefix = options.prefix ?? '';
    if (prefix !== '') assertSafeKey(prefix);
    this.#bucket = options.bucket;
    this.#prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.location = `s3://${this.#bucket}/${this.#prefix}`;
    this.client = options.client ?? new S3Client({ maxAttempts: ARCHIVE_RETRY.maxAttempts, retryMode: 'standard', ...options.clientConfig });
  }

  #key(key: string): string {
    return `${this.#prefix}${assertSafeKey(key)}`;
  }

  public async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#key(key),
          Body: body,
          ContentType: options?.contentType ?? 'application/json',
          // Real S3 refuses to overwrite (412) with this; local servers ignore it, which is safe
          // because callers only use ifAbsent for deterministic content (CtrArchive learns which
          // holds from its first write, ifAbsentSupport).
          ...(options?.ifAbsent ? { IfNoneMatch: '*' } : {}),
        }),
      );
      return 'written';
    } catch (error) {
      if (options?.ifAbsent && httpStatus(error) === 412) return 'exists';
      throw this.#mapError('put', key, error);
    }
  }

  public async get(key: string): Promise<Buffer> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
      if (!out.Body) throw new ArchiveObjectNotFoundError(key);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      throw this.#mapError('get', key, error);
    }
  }

  public async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
      return true;
    } catch (error) {
      if (httpStatus(error) === 404) return false;
      throw this.#mapError('exists', key, error);
    }
  }

  public async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
    } catch (error) {
      throw this.#mapError('delete', key, error);
    }
  }

  public async *list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: 1000 },
      {
        Bucket: this.#bucket,
        Prefix: `${this.#prefix}${prefix}`,
        ...(options?.startAfter !== undefined ? { StartAfter: `${this.#prefix}${options.startAfter}` } : {}),
      },
    );
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          yield { key: object.Key.slice(this.#prefix.length), size: object.Size ?? 0 };
        }
      }
    } catch (error) {
      throw this.#mapError('list', prefix, error);
    }
  }

  #mapError(operation: string, key: string, error: unknown): Error {
    if (error instanceof ArchiveObjectNotFoundError || error instanceof ArchiveUnavailableError) return error;
    const status = httpStatus(error);
    const name = (error as { name?: string }).name ?? 'Error';
    if (operation === 'get' && (status === 404 || name === 'NoSuchKey')) {
      return new ArchiveObjectNotFoundError(key, { cause: error });
    }
    const { reason, retryable } = describeS3Failure(error, name, status, this.#bucket);
    return new ArchiveUnavailableError(operation, `S3 ${operation} failed for ${this.location}${key}: ${reason}`, retryable, { cause: error });
  }
}

/** The errno-style code of a network failure (`ECONNREFUSED`, `ENOTFOUND`...), wherever the SDK put it. */
function networkCode(error: unknown): string | undefined {
  const candidates = [error, (error as { cause?: unknown })?.cause, ...((error as { errors?: unknown[] })?.errors ?? [])];
  for (const c of candidates) {
    const code = (c as { code?: unknown })?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Why an S3 call failed, in words that name the settings to check, and whether trying again can
 * help: missing credentials, a missing bucket and a refusal are not retryable; throttling, 5xx and
 * network failures are.
 */
function describeS3Failure(error: unknown, name: string, status: number | undefined, bucket: string): { reason: string; retryable: boolean } {
  if (name === 'CredentialsProviderError' || name === 'ProviderError') {
    return {
      reason: 'no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with an IAM role',
      retryable: false,
    };
  }
  if (name === 'NoSuchBucket') {
    return { reason: `NoSuchBucket (HTTP 404): the bucket ${bucket} does not exist; check CTR_ARCHIVE / --archive and AWS_REGION`, retryable: false };
  }
  if (status === 403 || ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken'].includes(name)) {
    return {
      reason: `${name}${status ? ` (HTTP ${status})` : ''}: access refused; check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID) and the IAM and bucket policies`,
      retryable: false,
    };
  }
  if (status === undefined) {
    const code = networkCode(error) ?? (name === 'Error' ? 'network error' : name);
    return { reason: `could not reach S3 (${code}); check AWS_ENDPOINT_URL_S3, AWS_REGION and the network`, retryable: true };
  }
  const retryable = status >= 500 || status === 429 || RETRYABLE_CODES.has(name);
  return { reason: `${name} (HTTP ${status})`, retryable };
}

function httpStatus(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) return error.$metadata?.httpStatusCode;
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

export { isBucketName, S3ArchiveStore };
export type { S3ArchiveStoreOptions, S3ArchiveStoreWithClient, S3ArchiveStoreWithClientConfig };
