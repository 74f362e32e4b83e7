import { ConfigError } from '../errors.ts';

/** A Salesforce API (developer) name: a letter, then letters, digits and single underscores, at most 80. */
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?=[A-Za-z0-9])){0,79}$/;

/**
 * Checks a contact center API name setting (`SCV_CALL_CENTER_API_NAME`, `callCenterApiName`), the
 * Telephony API JWT's `sub` and part of SCV's secret key names.
 *
 * @param value - the raw setting
 * @param setting - its name, for the message
 * @returns the name (trimmed)
 * @throws ConfigError naming the setting and the fix
 */
function validateCallCenterApiName(value: string, setting: string): string {
  const name = value.trim();
  if (!API_NAME.test(name)) {
    throw new ConfigError(
      setting,
      `${setting} is not a Salesforce API name (a letter, then letters, digits and single underscores, at most 80, not ending in _): use the contact center's Internal Name from Setup → Contact Centers`,
    );
  }
  return name;
}

export { validateCallCenterApiName };
