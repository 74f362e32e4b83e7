import { ConfigError } from '../../src/errors.ts';
import { parseChoice } from '../../src/validation/choice.ts';
import { parseWholeNumber } from '../../src/validation/wholeNumber.ts';

/** A raw settings object: JSON file values (typed) or `-c key=value` context values (strings). */
type RawSettings = Readonly<Record<string, unknown>>;

/** The parts of an ARN the stack checks. */
interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** Splits an ARN; undefined when the text is not one. */
function parseArn(text: string): ArnParts | undefined {
  const m = ARN.exec(text);
  if (!m) return undefined;
  return { partition: m[1] as string, service: m[2] as string, region: m[3] as string, account: m[4] as string, resource: m[5] as string };
}

/** An optional string setting (trimmed; empty counts as unset). */
function optionalString(raw: RawSettings, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(key, `${key} must be a string, got ${JSON.stringify(value)}`);
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A required string setting. */
function requiredString(raw: RawSettings, key: string, hint: string): string {
  const value = optionalString(raw, key);
  if (value === undefined) throw new ConfigError(key, `${key} is not set: ${hint} (pass -c ${key}=... or put it in the configFile)`);
  return value;
}

/** A whole-number setting within [min, max]; accepts numbers and numeric strings. */
function wholeNumber(raw: RawSettings, key: string, fallback: number, min: number, max: number): number {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return fallback;
  return parseWholeNumber(value, key, { min, max });
}

/** A boolean setting; accepts true/false and "true"/"false". */
function flag(raw: RawSettings, key: string, fallback: boolean): boolean {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(key, `${key} must be true or false, got ${JSON.stringify(value)}`);
}

/** One of a fixed set of strings. */
function oneOf<T extends string>(raw: RawSettings, key: string, choices: readonly T[], fallback: T): T {
  return parseChoice(optionalString(raw, key) ?? fallback, key, choices);
}

/**
 * An ARN setting of a given service whose resource part matches `resource`, optionally pinned to a
 * region and account (the stack's: IAM grants and SDK calls go to that region).
 */
function arnSetting(
  raw: RawSettings,
  key: string,
  expected: { readonly service: string; readonly resource: RegExp; readonly example: string; readonly region?: string; readonly account?: string },
): string | undefined {
  const value = optionalString(raw, key);
  if (value === undefined) return undefined;
  const arn = parseArn(value);
  if (!arn || arn.service !== expected.service || !expected.resource.test(arn.resource) || arn.account === '') {
    throw new ConfigError(key, `${key} ${JSON.stringify(value)} is not a complete ${expected.service} ARN such as ${expected.example}`);
  }
  if (expected.region !== undefined && arn.region !== expected.region) {
    throw new ConfigError(
      key,
      `${key} is in region ${arn.region}, but the stack deploys to ${expected.region} (the region of streamArn): use a resource in ${expected.region}`,
    );
  }
  if (expected.account !== undefined && arn.account !== expected.account) {
    throw new ConfigError(key, `${key} is in account ${arn.account}, but the stack deploys to ${expected.account} (the account of streamArn)`);
  }
  return value;
}

/** EventBridge Scheduler expressions: `rate(<n> <unit>)` or a six-field `cron(...)`. */
const SCHEDULE_EXPRESSION = /^(rate\(\s*[1-9]\d*\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/;

/** A schedule setting in EventBridge Scheduler syntax. */
function scheduleExpression(raw: RawSettings, key: string, fallback: string): string {
  const value = optionalString(raw, key) ?? fallback;
  if (!SCHEDULE_EXPRESSION.test(value))
    throw new ConfigError(key, `${key} ${JSON.stringify(value)}: expected rate(1 hour) or cron(0 * * * ? *) (EventBridge Scheduler syntax)`);
  return value;
}

/** A list of strings: a JSON array, or a comma-separated context string. */
function stringList(raw: RawSettings, key: string): string[] {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim()).filter((v) => v !== '');
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  throw new ConfigError(key, `${key} must be a list of strings (JSON array, or comma-separated), got ${JSON.stringify(value)}`);
}

export { arnSetting, flag, oneOf, optionalString, parseArn, requiredString, scheduleExpression, stringList, wholeNumber };
export type { ArnParts, RawSettings };
