import { CommanderError } from 'commander';
import {
  ArchiveUnavailableError,
  ConfigError,
  CtrResyncError,
  DependencyRefusedError,
  EmptyArchiveError,
  InputReadError,
  InvalidIdentifierError,
  SalesforceApiError,
} from '../errors.ts';
import { QUERY_ERROR_CODES } from '../salesforce/salesforceErrors.ts';
import { CliExit } from './CliExit.ts';
import type { CliIo } from './CliIo.ts';
import { EXIT } from './exitCodes.ts';

const SALESFORCE_CREDENTIALS =
  'check SF_CLIENT_ID (the connected app consumer key), SF_USERNAME and SF_PRIVATE_KEY_FILE (JWT bearer flow: the user must be pre-authorized for the app, and the key must match the certificate uploaded to it) or SF_CLIENT_SECRET (client-credentials flow), and SF_LOGIN_URL';

/** True for an answer of the OAuth token endpoint that refuses the credentials (invalid_grant, invalid_client...). */
function isCredentialRefusal(error: SalesforceApiError): boolean {
  if (error.retryable || error.status === undefined) return false;
  // OAuth errors are lower-case (`invalid_grant`, `invalid_client_id`), REST ones upper-case.
  return error.message.startsWith('POST /services/oauth2/token') || /^[a-z][a-z_]*$/.test(error.errorCode);
}

/**
 * Maps a thrown error to the README's exit status and prints what went wrong and what to do:
 * 2 for a wrong flag or setting (named, its value never echoed), 3 for a dependency that could not
 * be reached or refused the credentials (naming the settings to check), 1 for what went wrong with
 * records, 70 (with the stack) for anything the project did not throw on purpose.
 *
 * @param error - what the command threw
 * @param io - where the message goes (stderr)
 * @returns the exit status
 */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  const fail = (code: number, message: string): number => {
    io.stderr.write(`error: ${message}\n`);
    return code;
  };
  if (error instanceof ConfigError || error instanceof InvalidIdentifierError || error instanceof EmptyArchiveError) {
    return fail(EXIT.usage, error.message);
  }
  if (error instanceof SalesforceApiError) {
    if (QUERY_ERROR_CODES.has(error.errorCode)) {
      return fail(
        EXIT.usage,
        `the org refused the candidate query: check --predicate (or RECONCILE_PREDICATE): every field must exist on VoiceCall, be visible to the integration user and be filterable. The org said: ${error.message}`,
      );
    }
    if (isCredentialRefusal(error)) return fail(EXIT.unavailable, `Salesforce refused the credentials (${error.message}): ${SALESFORCE_CREDENTIALS}`);
    if (error.errorCode === 'NETWORK_ERROR')
      return fail(EXIT.unavailable, `${error.message}: could not reach Salesforce; check SF_LOGIN_URL and the network`);
    if (error.retryable || error.status === 401 || error.status === 403) return fail(EXIT.unavailable, error.message);
  }
  if (error instanceof ArchiveUnavailableError || error instanceof DependencyRefusedError) return fail(EXIT.unavailable, error.message);
  if (error instanceof InputReadError || error instanceof CtrResyncError) return fail(EXIT.failures, error.message);
  io.stderr.write(`internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.internal;
}

export { reportError };
