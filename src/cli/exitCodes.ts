/** Exit statuses of `ctr-resync`, documented in the README. */
const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** The command ran, but some records failed, stayed unconfirmed, or could not be stored or read. */
  failures: 1,
  /** A flag, argument or setting is wrong; the message names it and the fix. */
  usage: 2,
  /** A dependency (archive, org, Telephony API) could not be reached or refused the credentials; the command failed fast. */
  unavailable: 3,
  /** Interrupted (Ctrl+C, SIGINT): what was in flight finished and the partial summary was printed (128 + 2). */
  interrupted: 130,
  /** An unexpected internal error (a bug): the stack trace is printed. */
  internal: 70,
} as const;

export { EXIT };
