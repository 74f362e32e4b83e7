const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Validates a base URL that credentials or tokens will be sent to: `https:` (plain `http:` only
 * for a loopback host, i.e. a local simulator), no user info, query or fragment.
 *
 * @param value - the configured URL
 * @param name - the setting name used in the error message
 * @returns the URL without a trailing slash
 * @throws TypeError when the value is not such a URL
 */
function validateHttpBaseUrl(value: unknown, name: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch (error) {
    throw new TypeError(`Expected \`${name}\` to be an absolute URL, got ${JSON.stringify(String(value).slice(0, 100))}`, { cause: error });
  }
  const httpsOrLoopback = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!httpsOrLoopback || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError(`Expected \`${name}\` to be an https URL (http only for localhost) without credentials, query or fragment, got ${url.origin}`);
  }
  return url.href.replace(/\/+$/, '');
}

export { validateHttpBaseUrl };
