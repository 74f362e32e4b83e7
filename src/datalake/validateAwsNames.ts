import { InvalidIdentifierError } from '../errors.ts';

/**
 * Validators for every name that reaches Athena SQL or a request: only these shapes pass, so no
 * raw string is ever spliced into a query. Identifiers are then double-quoted in the SQL.
 */
const PATTERNS = {
  /** Glue database/table names (lower-case letters, digits, `_`; resource links may hold `-`). */
  'Athena database': /^[A-Za-z0-9_-]{1,255}$/,
  'Athena table': /^[A-Za-z0-9_-]{1,255}$/,
  /** Athena WorkGroup name pattern `[a-zA-Z0-9._-]{1,128}` (StartQueryExecution API reference). */
  'Athena workgroup': /^[A-Za-z0-9._-]{1,128}$/,
  /** Data catalog names such as `AwsDataCatalog` (restricted to a safe subset). */
  'Athena catalog': /^[A-Za-z0-9_-]{1,128}$/,
  /** Connect InstanceId: a UUID in practice; 1-100 characters per the API (safe subset). */
  'Connect instance id': /^[A-Za-z0-9-]{1,100}$/,
  /** A data-lake column name. */
  'contact_record column': /^[a-z0-9_]{1,128}$/,
} as const;

/** An `s3://bucket/prefix/` result location (bucket per S3 naming rules; a plain-character prefix). */
const S3_LOCATION = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()=/-]*)?$/;

/**
 * Checks one name against its pattern.
 *
 * @param kind - which kind of name
 * @param value - the candidate
 * @returns the same string
 * @throws InvalidIdentifierError when it does not match
 */
function validateAwsName(kind: keyof typeof PATTERNS, value: unknown): string {
  if (typeof value !== 'string' || !PATTERNS[kind].test(value)) {
    throw new InvalidIdentifierError(
      kind,
      `${kind} ${JSON.stringify(String(value).slice(0, 80))} is not a valid name (allowed: ${PATTERNS[kind].source})`,
    );
  }
  return value;
}

/** Checks an Athena result location (`s3://bucket/prefix/`). */
function validateS3Location(value: unknown): string {
  if (typeof value !== 'string' || !S3_LOCATION.test(value) || value.includes('..')) {
    throw new InvalidIdentifierError('S3 location', `Result location ${JSON.stringify(String(value).slice(0, 80))} is not s3://bucket/prefix/`);
  }
  return value;
}

export { validateAwsName, validateS3Location };
