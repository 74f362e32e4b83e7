import { ConfigError, InvalidIdentifierError } from '../errors.ts';
import { validateSalesforceId } from './salesforceId.ts';

/**
 * Checks a Salesforce org Id setting: `00D` + 12 letters and digits, or the 18-character form with
 * a correct checksum. The value is not echoed.
 *
 * @param value - the raw setting (trimmed)
 * @param setting - its name, for the message (`SCV_ORG_ID`, `scvOrgId`)
 * @returns the org Id
 * @throws ConfigError naming the setting and the fix
 */
function validateOrgId(value: string, setting: string): string {
  const text = value.trim();
  try {
    return validateSalesforceId(text, { prefix: '00D', kind: 'org Id' });
  } catch (error) {
    if (!(error instanceof InvalidIdentifierError)) throw error;
    throw new ConfigError(
      setting,
      `${setting} is not an org Id (00D followed by 12 or 15 letters and digits, the 18-character form with a valid checksum): copy it from Setup → Company Information → Salesforce.com Organization ID`,
    );
  }
}

export { validateOrgId };
