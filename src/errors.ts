/**
 * Every error the project throws on purpose. Each class has a stable `code` that scripts and
 * logs can match on, forwards `cause`, and keeps its context on typed fields.
 */

import type { HttpFailure } from './http/classifyFailure.ts';

/** Base class of all ctr-resync errors. */
class CtrResyncError extends Error {
  /** Stable, machine-readable code such as `MALFORMED_CTR`. */
  public readonly code: string;

  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CtrResyncError';
    this.code = code;
  }
}

/** A record that cannot be archived as a CTR; `reason` says why (it goes to quarantine). */
class MalformedCtrError extends CtrResyncError {
  public readonly reason: MalformedReason;

  public constructor(reason: MalformedReason, message: string, options?: ErrorOptions) {
    super('MALFORMED_CTR', message, options);
    this.name = 'MalformedCtrError';
    this.reason = reason;
  }
}

/** Why a record was judged malformed. */
type MalformedReason =
  | 'not-json'
  | 'not-an-object'
  | 'missing-contact-id'
  | 'invalid-contact-id'
  | 'missing-last-update-timestamp'
  | 'invalid-last-update-timestamp'
  | 'not-utf8'
  | 'truncated'
  | 'too-deep'
  | 'too-large';

/** An identifier (ContactId, VoiceCall Id, ...) that must not reach a key, path, URL or SOQL string. */
class InvalidIdentifierError extends CtrResyncError {
  public readonly kind: string;

  public constructor(kind: string, message: string, options?: ErrorOptions) {
    super('INVALID_IDENTIFIER', message, options);
    this.name = 'InvalidIdentifierError';
    this.kind = kind;
  }
}

/** The archive has no object under the requested key. */
class ArchiveObjectNotFoundError extends CtrResyncError {
  public readonly key: string;

  public constructor(key: string, options?: ErrorOptions) {
    super('ARCHIVE_OBJECT_NOT_FOUND', `No archived object at ${key}`, options);
    this.name = 'ArchiveObjectNotFoundError';
    this.key = key;
  }
}

/**
 * The archive could not be read or written. `retryable` is true for throttling, 5xx and network
 * errors: the caller should try again later (the Lambda reports the record as a batch item failure).
 */
class ArchiveUnavailableError extends CtrResyncError {
  public readonly retryable: boolean;
  public readonly operation: string;

  public constructor(operation: string, message: string, retryable: boolean, options?: ErrorOptions) {
    super(retryable ? 'ARCHIVE_UNAVAILABLE' : 'ARCHIVE_ACCESS_FAILED', message, options);
    this.name = 'ArchiveUnavailableError';
    this.operation = operation;
    this.retryable = retryable;
  }
}

/** A setting or flag is missing, malformed or contradicts another; the message names the fix. */
class ConfigError extends CtrResyncError {
  public readonly setting: string;

  public constructor(setting: string, message: string, options?: ErrorOptions) {
    super('CONFIG_ERROR', message, options);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

/** An input file could not be read completely (for example a truncated gzip stream). */
class InputReadError extends CtrResyncError {
  public readonly path: string;

  public constructor(path: string, message: string, options?: ErrorOptions) {
    super('INPUT_READ_ERROR', message, options);
    this.name = 'InputReadError';
    this.path = path;
  }
}

/**
 * A Salesforce REST or OAuth call failed. `errorCode` is Salesforce's own code
 * (`INVALID_SESSION_ID`, `REQUEST_LIMIT_EXCEEDED`, `MALFORMED_QUERY`...) or `HTTP_<status>` /
 * `NETWORK_ERROR` when the answer carried none; `retryable` says whether trying again can help
 * (for an idempotent call: a lost answer counts, `mayHaveBeenApplied` tells it apart).
 */
class SalesforceApiError extends CtrResyncError {
  public readonly status: number | undefined;
  public readonly errorCode: string;
  public readonly retryable: boolean;
  /** The request may have reached Salesforce and been applied (timeout, lost answer). */
  public readonly mayHaveBeenApplied: boolean;
  /** The transport's classification of the failed attempt, when it was an HTTP failure. */
  public readonly failure: HttpFailure | undefined;

  public constructor(
    errorCode: string,
    message: string,
    details: { status?: number; retryable?: boolean; failure?: HttpFailure },
    options?: ErrorOptions,
  ) {
    super('SALESFORCE_API_ERROR', message, options);
    this.name = 'SalesforceApiError';
    this.errorCode = errorCode;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.mayHaveBeenApplied = details.failure?.mayHaveBeenApplied ?? false;
    this.failure = details.failure;
  }
}

/**
 * A VoiceCall update was not accepted (HTTP error, Lambda FunctionError, network failure). It
 * carries the transport's classification: `retryable` (sending it again is safe and may
 * succeed), `mayHaveBeenApplied` (verify, never resend), `retryAfterMs` and `status`.
 */
class VoiceCallWriteError extends CtrResyncError {
  public readonly voiceCallId: string;
  public readonly status: number | undefined;
  public readonly retryable: boolean;
  public readonly mayHaveBeenApplied: boolean;
  public readonly retryAfterMs: number | undefined;
  /** The whole classification, as `retry()` reads it. */
  public readonly failure: HttpFailure;

  public constructor(
    voiceCallId: string,
    message: string,
    details: { status?: number; retryable?: boolean; failure?: HttpFailure },
    options?: ErrorOptions,
  ) {
    super('VOICECALL_WRITE_FAILED', message, options);
    this.name = 'VoiceCallWriteError';
    this.voiceCallId = voiceCallId;
    this.failure = details.failure ?? { kind: 'status', status: details.status, retryable: details.retryable ?? false, mayHaveBeenApplied: false };
    this.status = this.failure.status;
    this.retryable = this.failure.retryable;
    this.mayHaveBeenApplied = this.failure.mayHaveBeenApplied;
    this.retryAfterMs = this.failure.retryAfterMs;
  }
}

/**
 * A dependency refused us or could not be reached often enough that going on would only repeat
 * the failure for every record (a wrong key: HTTP 401; an unreachable endpoint): the run stops.
 * `settings` names what to check.
 */
class DependencyRefusedError extends CtrResyncError {
  public readonly dependency: 'telephony-api' | 'salesforce' | 'archive';
  public readonly settings: readonly string[];

  public constructor(dependency: DependencyRefusedError['dependency'], settings: readonly string[], message: string, options?: ErrorOptions) {
    super('DEPENDENCY_REFUSED', message, options);
    this.name = 'DependencyRefusedError';
    this.dependency = dependency;
    this.settings = settings;
  }
}

/** The archive location holds no CTR archive (a typo in the location, or an empty bucket prefix). */
class EmptyArchiveError extends CtrResyncError {
  public readonly location: string;

  public constructor(location: string, options?: ErrorOptions) {
    super(
      'ARCHIVE_EMPTY',
      `${location} holds no CTR archive (no archived CTR under it): check --archive / CTR_ARCHIVE, or capture or import CTRs first`,
      options,
    );
    this.name = 'EmptyArchiveError';
    this.location = location;
  }
}

/** A repair-queue message whose body is not a valid repair request (it is dropped, not retried). */
class MalformedRepairMessageError extends CtrResyncError {
  public constructor(reason: string, options?: ErrorOptions) {
    super('MALFORMED_REPAIR_MESSAGE', `Repair message refused: ${reason}`, options);
    this.name = 'MalformedRepairMessageError';
  }
}

/** The repair queue did not accept messages (the archive Lambda reports their records for retry). */
class RepairEnqueueError extends CtrResyncError {
  public constructor(message: string, options?: ErrorOptions) {
    super('REPAIR_ENQUEUE_FAILED', message, options);
    this.name = 'RepairEnqueueError';
  }
}

/** One input of a completeness audit (Connect's contacts, the archive, the VoiceCalls) failed; the run fails. */
class AuditInputError extends CtrResyncError {
  /** Which input failed. */
  public readonly input: 'connect' | 'archive' | 'voiceCalls';

  public constructor(input: 'connect' | 'archive' | 'voiceCalls', options?: ErrorOptions) {
    const why = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'unknown');
    super('AUDIT_INPUT_FAILED', `The audit's ${input} input failed: ${why}`, options);
    this.name = 'AuditInputError';
    this.input = input;
  }
}

export {
  ArchiveObjectNotFoundError,
  AuditInputError,
  ArchiveUnavailableError,
  ConfigError,
  CtrResyncError,
  DependencyRefusedError,
  EmptyArchiveError,
  InputReadError,
  InvalidIdentifierError,
  MalformedCtrError,
  MalformedRepairMessageError,
  RepairEnqueueError,
  SalesforceApiError,
  VoiceCallWriteError,
};
export type { MalformedReason };
