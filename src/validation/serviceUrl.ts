import { ConfigError } from '../errors.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a URL cannot be a service base URL, or the normalised URL. */
type ServiceUrlCheck =
  | { readonly ok: true; readonly url: URL; readonly href: string }
  | { readonly ok: false; readonly problem: 'not-a-url' | 'scheme' | 'extras'; readonly url?: URL };

/**
 * Checks a base URL that credentials or tokens will be sent to (pure): `https:`, or plain `http:`
 * only for a loopback host when `allowLoopbackHttp` (a local simulator); no user info, query or fragment.
 *
 * @returns the URL and its href without trailing slashes, or the problem
 */
function checkServiceUrl(value: unknown, options: { readonly allowLoopbackHttp?: boolean } = {}): ServiceUrlCheck {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  const loopbackHttp = (options.allowLoopbackHttp ?? true) && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return { ok: false, problem: 'scheme', url };
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return { ok: false, problem: 'extras', url };
  return { ok: true, url, href: url.href.replace(/\/+$/, '') };
}

/**
 * Checks a service URL setting (`SF_LOGIN_URL`, `SCRT_BASE_URL`, `sfLoginUrl`...). The value is not
 * echoed (a URL may carry credentials).
 *
 * @param value - the raw setting
 * @param setting - its name, for the message
 * @param options - `example` for the message; `allowLoopbackHttp` (default true) accepts http://localhost
 * @returns the URL without a trailing slash
 * @throws ConfigError naming the setting and the fix
 */
function validateServiceUrl(value: string, setting: string, options: { readonly example: string; readonly allowLoopbackHttp?: boolean }): string {
  const check = checkServiceUrl(value.trim(), options);
  if (check.ok) return check.href;
  const loopback = options.allowLoopbackHttp ?? true;
  switch (check.problem) {
    case 'not-a-url':
      throw new ConfigError(setting, `${setting} is not an absolute URL; expected e.g. ${options.example}`);
    case 'scheme':
      throw new ConfigError(
        setting,
        loopback
          ? `${setting} must use https (plain http is accepted only for a local simulator on 127.0.0.1/localhost), e.g. ${options.example}`
          : `${setting} must be an https URL without credentials, query or fragment, e.g. ${options.example}`,
      );
    default:
      throw new ConfigError(setting, `${setting} must not carry credentials, a query or a fragment: use the bare base URL, e.g. ${options.example}`);
  }
}

export { checkServiceUrl, validateServiceUrl };
export type { ServiceUrlCheck };
