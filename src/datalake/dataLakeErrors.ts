/**
 * Errors of the data-lake and SearchContacts sources. They live here rather than in
 * src/errors.ts (other work is editing that file); each extends {@link CtrResyncError} with a
 * stable `code`, forwards `cause` and keeps its context on typed fields.
 */
import { CtrResyncError } from '../errors.ts';

/** A data-lake row cannot be turned into a CTR (no usable contact_id, a malformed value). */
class DataLakeRowError extends CtrResyncError {
  /** The column at fault. */
  public readonly column: string;

  public constructor(column: string, message: string, options?: ErrorOptions) {
    super('DATA_LAKE_ROW_INVALID', message, options);
    this.name = 'DataLakeRowError';
    this.column = column;
  }
}

/** An Athena query ended FAILED or CANCELLED, or never finished within the poll budget. */
class AthenaQueryError extends CtrResyncError {
  public readonly queryExecutionId: string | undefined;
  /** `FAILED`, `CANCELLED`, or `TIMED_OUT` (the poll budget ran out; the query was stopped). */
  public readonly state: 'FAILED' | 'CANCELLED' | 'TIMED_OUT';
  /** Athena's StateChangeReason, when it gave one. */
  public readonly reason: string | undefined;

  public constructor(state: 'FAILED' | 'CANCELLED' | 'TIMED_OUT', details: { queryExecutionId?: string; reason?: string }, options?: ErrorOptions) {
    const what = state === 'TIMED_OUT' ? 'did not finish in time' : `ended ${state}`;
    super(
      `ATHENA_QUERY_${state}`,
      `Athena query ${details.queryExecutionId ?? '(not started)'} ${what}${details.reason ? `: ${details.reason}` : ''}`,
      options,
    );
    this.name = 'AthenaQueryError';
    this.state = state;
    this.queryExecutionId = details.queryExecutionId;
    this.reason = details.reason;
  }
}

/**
 * An AWS call kept being throttled (Athena ThrottlingException/TooManyRequestsException, Connect
 * 429) after every retry; `retryable` is always true: try again later.
 */
class AwsThrottledError extends CtrResyncError {
  public readonly service: 'athena' | 'connect';
  public readonly operation: string;
  public readonly attempts: number;
  public readonly retryable = true;

  public constructor(service: 'athena' | 'connect', operation: string, attempts: number, options?: ErrorOptions) {
    super('AWS_THROTTLED', `${service} ${operation} was still throttled after ${attempts} attempts`, options);
    this.name = 'AwsThrottledError';
    this.service = service;
    this.operation = operation;
    this.attempts = attempts;
  }
}

/** Another AWS error from Athena or Connect (access denied, invalid request, 5xx after the SDK's retries). */
class DataLakeSourceError extends CtrResyncError {
  public readonly service: 'athena' | 'connect';
  public readonly operation: string;
  /** The AWS error name (`InvalidRequestException`, `AccessDeniedException`, ...). */
  public readonly awsError: string;

  public constructor(service: 'athena' | 'connect', operation: string, awsError: string, message: string, options?: ErrorOptions) {
    super('DATA_LAKE_SOURCE_ERROR', `${service} ${operation} failed (${awsError}): ${message}`, options);
    this.name = 'DataLakeSourceError';
    this.service = service;
    this.operation = operation;
    this.awsError = awsError;
  }
}

export { AthenaQueryError, AwsThrottledError, DataLakeRowError, DataLakeSourceError };
