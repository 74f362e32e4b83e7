import { checkServiceUrl } from '../validation/serviceUrl.ts';

/**
 * Validates a base URL that credentials or tokens will be sent to: `https:` (plain `http:` only
 * for a loopback host, i.e. a local simulator), no user info, query or fragment. The rule lives in
 * src/validation/serviceUrl.ts (settings use it too); this adapter throws TypeError for code paths.
 *
 * @param value - the configured URL
 * @param name - the setting name used in the error message
 * @returns the URL without a trailing slash
 * @throws TypeError when the value is not such a URL
 */
function validateHttpBaseUrl(value: unknown, name: string): string {
  const check = checkServiceUrl(value);
  if (check.ok) return check.href;
  if (check.problem === 'not-a-url')
    throw new TypeError(`Expected \`${name}\` to be an absolute URL, got ${JSON.stringify(String(value).slice(0, 100))}`);
  throw new TypeError(
    `Expected \`${name}\` to be an https URL (http only for localhost) without credentials, query or fragment, got ${check.url?.origin}`,
  );
}

export { validateHttpBaseUrl };
