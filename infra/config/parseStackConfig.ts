import { RUN_LIMITS } from '../../src/config/runLimits.ts';
import { MAX_REPAIR_DELAY_SECONDS } from '../../src/config/repairSettings.ts';
import { ConfigError } from '../../src/errors.ts';
import { VOICECALL_READ_BATCH } from '../../src/ports/VoiceCallReader.ts';
import { validateApiVersion } from '../../src/validation/apiVersion.ts';
import { validateCallCenterApiName } from '../../src/validation/callCenterApiName.ts';
import { type DurationRange, parseDuration } from '../../src/validation/duration.ts';
import { validateLambdaFunctionArn } from '../../src/validation/lambdaArn.ts';
import { validateOrgId } from '../../src/validation/orgId.ts';
import { validateServiceUrl } from '../../src/validation/serviceUrl.ts';
import { auditSettings } from './parseAuditConfig.ts';
import {
  arnSetting,
  flag,
  oneOf,
  optionalString,
  parseArn,
  requiredString,
  scheduleExpression,
  stringList,
  wholeNumber,
  type RawSettings,
} from './configValues.ts';
import { STACK_DEFAULTS, type StackConfig } from './StackConfig.ts';

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const KMS_KEY = {
  service: 'kms',
  resource: /^key\/[A-Za-z0-9-]+$/,
  example: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};
const SECRET = {
  service: 'secretsmanager',
  resource: /^secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
  example: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ctr-resync/salesforce-AbCdEf (the full ARN, with its 6-character suffix)',
};

/** An https URL without credentials, query or fragment (plain http is refused: the Lambda talks to real orgs). */
function httpsUrl(raw: RawSettings, key: string, required: boolean, example: string): string | undefined {
  const value = required ? requiredString(raw, key, `set it to e.g. ${example}`) : optionalString(raw, key);
  if (value === undefined) return undefined;
  return validateServiceUrl(value, key, { example, allowLoopbackHttp: false });
}

/** A duration setting, checked with the range the reconcile Lambda applies to its variable. */
function duration(raw: RawSettings, key: string, fallback: string, range: DurationRange): string {
  const value = optionalString(raw, key) ?? fallback;
  parseDuration(value, key, range);
  return value;
}

function retention(raw: RawSettings, key: string, fallback: number): number {
  return wholeNumber(raw, key, fallback, 0, 36_500);
}

/** The writer-specific settings, checked the way the reconcile Lambda checks them at run time. */
function writerSettings(
  raw: RawSettings,
  region: string,
): Pick<StackConfig, 'writer' | 'scvSecretArn' | 'itiaFunctionArn' | 'scvOrgId' | 'scrtBaseUrl' | 'callCenterApiName'> {
  const writer = oneOf(raw, 'writer', ['telephony', 'lambda'] as const, STACK_DEFAULTS.writer);
  const scvSecretArn = arnSetting(raw, 'scvSecretArn', { ...SECRET, region });
  const itiaText = optionalString(raw, 'itiaFunctionArn');
  if (itiaText !== undefined) validateLambdaFunctionArn(itiaText, 'itiaFunctionArn');
  const itiaFunctionArn = arnSetting(raw, 'itiaFunctionArn', {
    service: 'lambda',
    resource: /^function:/,
    example: 'arn:aws:lambda:eu-west-1:123456789012:function:MyCallCenter-InvokeTelephonyIntegrationApiFunction:live',
    region,
  });
  const scvOrgIdText = optionalString(raw, 'scvOrgId');
  const scrtBaseUrl = httpsUrl(raw, 'scrtBaseUrl', false, 'https://mydomain.my.salesforce-scrt.com/telephony/v1');
  const callCenterApiNameText = optionalString(raw, 'callCenterApiName');
  if (writer === 'telephony') {
    if (itiaFunctionArn)
      throw new ConfigError(
        'itiaFunctionArn',
        'itiaFunctionArn is set but writer is telephony: set writer=lambda to write through that function, or remove it',
      );
    if (!scvSecretArn)
      throw new ConfigError(
        'scvSecretArn',
        "scvSecretArn is not set: the telephony writer signs its JWT with the contact center's key from that secret",
      );
    const scvOrgId = scvOrgIdText === undefined ? undefined : validateOrgId(scvOrgIdText, 'scvOrgId');
    const callCenterApiName = callCenterApiNameText === undefined ? undefined : validateCallCenterApiName(callCenterApiNameText, 'callCenterApiName');
    return {
      writer,
      scvSecretArn,
      ...(scvOrgId ? { scvOrgId } : {}),
      ...(scrtBaseUrl ? { scrtBaseUrl } : {}),
      ...(callCenterApiName ? { callCenterApiName } : {}),
    };
  }
  if (!itiaFunctionArn)
    throw new ConfigError(
      'itiaFunctionArn',
      "itiaFunctionArn is not set: writer=lambda invokes the contact center's InvokeTelephonyIntegrationApiFunction",
    );
  for (const key of ['scvSecretArn', 'scvOrgId', 'scrtBaseUrl', 'callCenterApiName'] as const) {
    if (optionalString(raw, key) !== undefined)
      throw new ConfigError(
        key,
        `${key} is set but writer=lambda does not use it (the function holds its own key): remove it, or set writer=telephony`,
      );
  }
  return { writer, itiaFunctionArn };
}

/**
 * Validates raw settings and applies the defaults. Every problem names the setting and the fix;
 * ARNs must be complete and in the stream's region (the stack deploys there).
 *
 * @param raw - settings from the config file and the CDK context (context wins)
 * @throws ConfigError
 */
function parseStackConfig(raw: RawSettings): StackConfig {
  const streamArn = requiredString(raw, 'streamArn', 'set it to the ARN of the Kinesis stream that receives your contact records');
  const stream = parseArn(streamArn);
  if (stream?.service !== 'kinesis' || !/^stream\/[A-Za-z0-9_.-]{1,128}$/.test(stream.resource) || !stream.region || !stream.account) {
    throw new ConfigError(
      'streamArn',
      `streamArn ${JSON.stringify(streamArn)} is not a Kinesis stream ARN such as arn:aws:kinesis:eu-west-1:123456789012:stream/MyCallCenter-123456789012-CTRStream`,
    );
  }
  const { region } = stream;
  const stackName = optionalString(raw, 'stackName') ?? STACK_DEFAULTS.stackName;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName))
    throw new ConfigError('stackName', `stackName ${JSON.stringify(stackName)}: letters, digits and hyphens, starting with a letter`);
  const sfApiVersionText = optionalString(raw, 'sfApiVersion');
  const sfApiVersion = sfApiVersionText === undefined ? undefined : validateApiVersion(sfApiVersionText, 'sfApiVersion');
  const reconcileSchedule = scheduleExpression(raw, 'reconcileSchedule', STACK_DEFAULTS.reconcileSchedule);
  const logRetentionDays = wholeNumber(raw, 'logRetentionDays', STACK_DEFAULTS.logRetentionDays, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays))
    throw new ConfigError('logRetentionDays', `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
  const metricsNamespace = optionalString(raw, 'metricsNamespace') ?? STACK_DEFAULTS.metricsNamespace;
  if (!/^[A-Za-z0-9._/#:-]{1,255}$/.test(metricsNamespace) || metricsNamespace.startsWith('AWS/')) {
    throw new ConfigError(
      'metricsNamespace',
      `metricsNamespace ${JSON.stringify(metricsNamespace)}: letters, digits and . _ / # : -, not starting with AWS/`,
    );
  }
  const alarmTopicArn = arnSetting(raw, 'alarmTopicArn', {
    service: 'sns',
    resource: /^[A-Za-z0-9_-]{1,256}$/,
    example: 'arn:aws:sns:eu-west-1:123456789012:ops-alarms',
    region,
  });
  const alarmEmail = optionalString(raw, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail))
    throw new ConfigError('alarmEmail', `alarmEmail ${JSON.stringify(alarmEmail)} is not an e-mail address`);
  if (alarmEmail && alarmTopicArn) throw new ConfigError('alarmEmail', 'Set alarmTopicArn (use your topic) or alarmEmail (create a topic), not both');
  const secretKeyArns = stringList(raw, 'secretKeyArns');
  for (const [i, arn] of secretKeyArns.entries()) arnSetting({ [`secretKeyArns[${i}]`]: arn }, `secretKeyArns[${i}]`, { ...KMS_KEY, region });

  return {
    stackName,
    streamArn,
    ...optionalPart('streamKeyArn', arnSetting(raw, 'streamKeyArn', { ...KMS_KEY, region })),
    enhancedFanOut: flag(raw, 'enhancedFanOut', STACK_DEFAULTS.enhancedFanOut),
    archiverBatchSize: wholeNumber(raw, 'archiverBatchSize', STACK_DEFAULTS.archiverBatchSize, 1, 10_000),
    archiverRetryAttempts: wholeNumber(raw, 'archiverRetryAttempts', STACK_DEFAULTS.archiverRetryAttempts, 0, 10_000),
    archiverMaxRecordAgeHours: wholeNumber(raw, 'archiverMaxRecordAgeHours', STACK_DEFAULTS.archiverMaxRecordAgeHours, 1, 168),
    archiverParallelization: wholeNumber(raw, 'archiverParallelization', STACK_DEFAULTS.archiverParallelization, 1, 10),
    sfLoginUrl: httpsUrl(raw, 'sfLoginUrl', true, 'https://mydomain.my.salesforce.com') as string,
    ...optionalPart('sfClientId', optionalString(raw, 'sfClientId')),
    ...optionalPart('sfUsername', optionalString(raw, 'sfUsername')),
    ...optionalPart('sfApiVersion', sfApiVersion),
    sfSecretArn:
      arnSetting(raw, 'sfSecretArn', { ...SECRET, region }) ??
      requiredString(raw, 'sfSecretArn', 'set it to the Secrets Manager ARN of the connected-app credentials'),
    ...writerSettings(raw, region),
    secretKeyArns,
    reconcileSchedule,
    reconcileScheduleEnabled: flag(raw, 'reconcileScheduleEnabled', STACK_DEFAULTS.reconcileScheduleEnabled),
    reconcileWindow: duration(raw, 'reconcileWindow', STACK_DEFAULTS.reconcileWindow, RUN_LIMITS.window),
    reconcileGrace: duration(raw, 'reconcileGrace', STACK_DEFAULTS.reconcileGrace, RUN_LIMITS.grace),
    reconcileMode: oneOf(raw, 'reconcileMode', ['missing', 'diff'] as const, STACK_DEFAULTS.reconcileMode),
    reconcileVerifyTimeout: duration(raw, 'reconcileVerifyTimeout', STACK_DEFAULTS.reconcileVerifyTimeout, RUN_LIMITS.verifyTimeout),
    reconcileTimeoutMinutes: wholeNumber(raw, 'reconcileTimeoutMinutes', STACK_DEFAULTS.reconcileTimeoutMinutes, 1, 15),
    backfillConcurrency: wholeNumber(raw, 'backfillConcurrency', STACK_DEFAULTS.backfillConcurrency, 1, 40),
    reconcileRate: wholeNumber(raw, 'reconcileRate', STACK_DEFAULTS.reconcileRate, RUN_LIMITS.rate.min, RUN_LIMITS.rate.max),
    eventRepair: flag(raw, 'eventRepair', STACK_DEFAULTS.eventRepair),
    repairDelaySeconds: wholeNumber(raw, 'repairDelaySeconds', STACK_DEFAULTS.repairDelaySeconds, 0, MAX_REPAIR_DELAY_SECONDS),
    repairBatchSize: wholeNumber(raw, 'repairBatchSize', STACK_DEFAULTS.repairBatchSize, 1, VOICECALL_READ_BATCH),
    repairMaxConcurrency: wholeNumber(raw, 'repairMaxConcurrency', STACK_DEFAULTS.repairMaxConcurrency, 2, 1000),
    repairRatePerSecond: wholeNumber(raw, 'repairRatePerSecond', STACK_DEFAULTS.repairRatePerSecond, RUN_LIMITS.rate.min, RUN_LIMITS.rate.max),
    repairMaxReceiveCount: wholeNumber(raw, 'repairMaxReceiveCount', STACK_DEFAULTS.repairMaxReceiveCount, 1, 1000),
    ctrRetentionDays: retention(raw, 'ctrRetentionDays', STACK_DEFAULTS.ctrRetentionDays),
    quarantineRetentionDays: retention(raw, 'quarantineRetentionDays', STACK_DEFAULTS.quarantineRetentionDays),
    ledgerRetentionDays: retention(raw, 'ledgerRetentionDays', STACK_DEFAULTS.ledgerRetentionDays),
    reportRetentionDays: retention(raw, 'reportRetentionDays', STACK_DEFAULTS.reportRetentionDays),
    noncurrentVersionRetentionDays: wholeNumber(raw, 'noncurrentVersionRetentionDays', STACK_DEFAULTS.noncurrentVersionRetentionDays, 1, 36_500),
    failedBatchRetentionDays: retention(raw, 'failedBatchRetentionDays', STACK_DEFAULTS.failedBatchRetentionDays),
    bucketKms: flag(raw, 'bucketKms', STACK_DEFAULTS.bucketKms),
    accessLogs: flag(raw, 'accessLogs', STACK_DEFAULTS.accessLogs),
    accessLogRetentionDays: wholeNumber(raw, 'accessLogRetentionDays', STACK_DEFAULTS.accessLogRetentionDays, 1, 36_500),
    logRetentionDays,
    metricsNamespace,
    ...optionalPart('alarmTopicArn', alarmTopicArn),
    ...optionalPart('alarmEmail', alarmEmail),
    iteratorAgeAlarmMinutes: wholeNumber(raw, 'iteratorAgeAlarmMinutes', STACK_DEFAULTS.iteratorAgeAlarmMinutes, 1, 10_080),
    ...auditSettings(raw, { region, account: stream.account }),
  } satisfies StackConfig;
}

/** `{ key: value }` when the value is set, else `{}` (keeps optional properties absent, not undefined). */
function optionalPart<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The account and region the stack deploys to: those of the stream it consumes. */
function stackEnvironment(config: Pick<StackConfig, 'streamArn'>): { account: string; region: string } {
  const arn = parseArn(config.streamArn) as NonNullable<ReturnType<typeof parseArn>>;
  return { account: arn.account, region: arn.region };
}

export { LOG_RETENTION_DAYS, parseStackConfig, stackEnvironment };
