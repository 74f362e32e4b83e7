import { AUDIT_LIMITS, AUDIT_SOURCES } from '../../src/config/auditSettings.ts';
import { validateAwsName, validateS3Location } from '../../src/datalake/validateAwsNames.ts';
import { ConfigError } from '../../src/errors.ts';
import { parseDuration } from '../../src/validation/duration.ts';
import { arnSetting, flag, oneOf, optionalString, scheduleExpression, wholeNumber, type RawSettings } from './configValues.ts';
import { STACK_DEFAULTS, type StackConfig } from './StackConfig.ts';

type AuditConfig = Pick<
  StackConfig,
  | 'auditEnabled'
  | 'auditSchedule'
  | 'auditSource'
  | 'auditDays'
  | 'auditLag'
  | 'auditMissingContactsThreshold'
  | 'connectInstanceArn'
  | 'dataLakeDatabase'
  | 'dataLakeTable'
  | 'athenaWorkgroup'
  | 'athenaOutputLocation'
>;

const INSTANCE = {
  service: 'connect',
  resource: /^instance\/[A-Za-z0-9-]{1,100}$/,
  example: 'arn:aws:connect:eu-west-1:123456789012:instance/11111111-2222-4333-8444-555555555555',
};

/** A name that reaches Athena SQL or an IAM ARN, checked with the data-lake source's own validator. */
function awsName(raw: RawSettings, key: keyof AuditConfig & string, kind: Parameters<typeof validateAwsName>[0], fallback: string): string {
  const value = optionalString(raw, key) ?? fallback;
  try {
    return validateAwsName(kind, value);
  } catch (error) {
    throw new ConfigError(key, `${key} ${JSON.stringify(value.slice(0, 60))} is not a valid ${kind} name`, { cause: error });
  }
}

/** `s3://bucket/prefix/` with the prefix ending in `/` (so the IAM grant `prefix*` cannot reach a sibling prefix). */
function outputLocation(raw: RawSettings): string | undefined {
  const value = optionalString(raw, 'athenaOutputLocation');
  if (value === undefined) return undefined;
  try {
    validateS3Location(value);
  } catch (error) {
    throw new ConfigError('athenaOutputLocation', 'athenaOutputLocation must be an S3 location such as s3://my-athena-results/ctr-resync/', {
      cause: error,
    });
  }
  return value.endsWith('/') ? value : `${value}/`;
}

/**
 * The scheduled audit's settings, checked the way the audit Lambda checks its variables (same
 * ranges, same name validators), plus what the IAM grants need: the instance ARN always, and for
 * `auditSource: data-lake` the query result location. Names every setting it refuses.
 *
 * @param raw - settings from the config file and the CDK context
 * @param stack - the stack's region and account (the instance must be there)
 * @throws ConfigError
 */
function auditSettings(raw: RawSettings, stack: { readonly region: string; readonly account: string }): AuditConfig {
  const auditEnabled = flag(raw, 'auditEnabled', STACK_DEFAULTS.auditEnabled);
  const auditSource = oneOf(raw, 'auditSource', AUDIT_SOURCES, STACK_DEFAULTS.auditSource);
  const auditLag = optionalString(raw, 'auditLag') ?? STACK_DEFAULTS.auditLag;
  parseDuration(auditLag, 'auditLag', AUDIT_LIMITS.lag);
  const connectInstanceArn = arnSetting(raw, 'connectInstanceArn', { ...INSTANCE, ...stack });
  const athenaOutputLocation = outputLocation(raw);
  if (auditEnabled && !connectInstanceArn)
    throw new ConfigError(
      'connectInstanceArn',
      `connectInstanceArn is not set: the scheduled audit (auditEnabled, on by default) needs the Amazon Connect instance whose contacts it compares with the archive, e.g. ${INSTANCE.example}; or set auditEnabled=false`,
    );
  if (auditEnabled && auditSource === 'data-lake' && !athenaOutputLocation)
    throw new ConfigError(
      'athenaOutputLocation',
      "athenaOutputLocation is not set: with auditSource=data-lake the audit's role may write Athena query results only there; set it to your workgroup's result location, e.g. s3://my-athena-results/ctr-resync/",
    );
  return {
    auditEnabled,
    auditSchedule: scheduleExpression(raw, 'auditSchedule', STACK_DEFAULTS.auditSchedule),
    auditSource,
    auditDays: wholeNumber(raw, 'auditDays', STACK_DEFAULTS.auditDays, AUDIT_LIMITS.days.min, AUDIT_LIMITS.days.max),
    auditLag,
    auditMissingContactsThreshold: wholeNumber(raw, 'auditMissingContactsThreshold', STACK_DEFAULTS.auditMissingContactsThreshold, 0, 1_000_000),
    ...(connectInstanceArn ? { connectInstanceArn } : {}),
    dataLakeDatabase: awsName(raw, 'dataLakeDatabase', 'Athena database', STACK_DEFAULTS.dataLakeDatabase),
    dataLakeTable: awsName(raw, 'dataLakeTable', 'Athena table', STACK_DEFAULTS.dataLakeTable),
    athenaWorkgroup: awsName(raw, 'athenaWorkgroup', 'Athena workgroup', STACK_DEFAULTS.athenaWorkgroup),
    ...(athenaOutputLocation ? { athenaOutputLocation } : {}),
  };
}

export { auditSettings };
export type { AuditConfig };
