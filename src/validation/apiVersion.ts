import { ConfigError } from '../errors.ts';

/** A Salesforce REST API version: `61.0`, optionally written `v61.0`; group 1 is the number. */
const API_VERSION_PATTERN = /^v?([1-9]\d{1,2}\.0)$/;

/**
 * Checks a Salesforce REST API version setting.
 *
 * @param value - e.g. `61.0` or `v61.0`
 * @param setting - its name, for the message
 * @returns the version without the `v`, e.g. `61.0`
 * @throws ConfigError naming the setting and the expected form
 */
function validateApiVersion(value: string, setting: string): string {
  const version = API_VERSION_PATTERN.exec(value.trim())?.[1];
  if (version === undefined) throw new ConfigError(setting, `${setting} is not a Salesforce API version: expected a version such as 61.0`);
  return version;
}

export { API_VERSION_PATTERN, validateApiVersion };
