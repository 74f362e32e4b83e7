/** Network error codes that mean the request never left this machine (the connection never opened). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * True when a failed request can be sent again safely because it never reached the server: the
 * error (or one of its causes) is a connection that never opened. Anything else after the request
 * was sent may have been applied.
 */
function neverReachedServer(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
  }
  return false;
}

export { neverReachedServer };
