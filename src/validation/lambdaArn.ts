import { ConfigError } from '../errors.ts';

/** A Lambda function ARN, optionally with a version or alias qualifier; groups: region, account. */
const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;

/**
 * Checks a Lambda function ARN setting (`ITIA_FUNCTION_ARN`, `itiaFunctionArn`).
 *
 * @param value - the raw setting
 * @param setting - its name, for the message
 * @returns the ARN (trimmed) with its region and account
 * @throws ConfigError naming the setting and an example
 */
function validateLambdaFunctionArn(value: string, setting: string): { readonly arn: string; readonly region: string; readonly account: string } {
  const arn = value.trim();
  const m = LAMBDA_FUNCTION_ARN.exec(arn);
  if (!m) {
    throw new ConfigError(
      setting,
      `${setting} is not a Lambda function ARN such as arn:aws:lambda:eu-west-1:123456789012:function:MyCallCenter-InvokeTelephonyIntegrationApiFunction:live`,
    );
  }
  return { arn, region: m[1] as string, account: m[2] as string };
}

export { LAMBDA_FUNCTION_ARN, validateLambdaFunctionArn };
