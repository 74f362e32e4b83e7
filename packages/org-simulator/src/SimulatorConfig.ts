import { SimulatorConfigError } from './simulatorErrors.ts';

/** Injected failures for one endpoint: each value is the fraction of requests (0..1) that get it. */
interface EndpointFaults {
  /** Answer 429 with Retry-After. */
  readonly '429'?: number;
  /** Answer 500. */
  readonly '500'?: number;
  /** Answer 503 with Retry-After. */
  readonly '503'?: number;
  /** Destroy the socket without answering. */
  readonly drop?: number;
}

/** Type of a custom VoiceCall field (`Name__c`) declared in the simulated org. */
type CustomFieldType = 'string' | 'textarea' | 'datetime' | 'date' | 'int' | 'double' | 'boolean';

/** A delay made of a fixed part plus a uniformly drawn jitter in [0, jitter). */
interface DelaySpec {
  readonly fixed: number;
  readonly jitter: number;
}

/** Everything that shapes the simulator's behaviour. All of it can change at runtime. */
interface SimulatorConfig {
  /** Seed of every random decision (faults, jitter, lost applies). @default 1 */
  readonly seed: number;
  /** Added to every non-admin response. @default { fixed: 0, jitter: 0 } */
  readonly latencyMs: DelaySpec;
  /**
   * Injected failures, keyed by endpoint (`PATCH /telephony/v1/voiceCalls/{id}`, as in
   * `/_simulator/counters`), by family (`oauth`, `rest`, `telephony`) or `*`; the most specific
   * key wins; `{}` removes a key. @default {}
   */
  readonly errorRates: Readonly<Record<string, EndpointFaults>>;
  /** Retry-After (seconds) sent with 429 and 503. @default 1 */
  readonly retryAfterSeconds: number;
  /** Lifetime of an OAuth access token. @default 7200 (Salesforce's default session timeout) */
  readonly tokenTtlSeconds: number;
  /** Delay between a telephony PATCH's 200 and its effect on the VoiceCall. @default { fixed: 500, jitter: 500 } */
  readonly applyDelayMs: DelaySpec;
  /** Fraction of telephony PATCHes answered `pending` but never applied. @default 0 */
  readonly lostApplyFraction: number;
  /** Telephony requests accepted per clock second; more get 429. @default 50 */
  readonly telephonyRatePerSecond: number;
  /** REST calls allowed in a rolling 24 hours; more get 403 REQUEST_LIMIT_EXCEEDED. @default 100000 */
  readonly dailyApiLimit: number;
  /** Lifetime of a query locator. @default 172800 (2 days, as documented since API 56.0) */
  readonly queryLocatorTtlSeconds: number;
  /** Open query cursors kept; the oldest is released beyond this (memory guard). @default 50 */
  readonly maxOpenQueryCursors: number;
  /** Custom VoiceCall fields that exist in the simulated org. @default {} */
  readonly customFields: Readonly<Record<string, CustomFieldType>>;
  /** Telephony requests kept in `/_simulator/telephony-log` (oldest dropped first). @default 100000 */
  readonly telephonyLogLimit: number;
}

const DEFAULT_SIMULATOR_CONFIG: SimulatorConfig = {
  seed: 1,
  latencyMs: { fixed: 0, jitter: 0 },
  errorRates: {},
  retryAfterSeconds: 1,
  tokenTtlSeconds: 7200,
  applyDelayMs: { fixed: 500, jitter: 500 },
  lostApplyFraction: 0,
  telephonyRatePerSecond: 50,
  dailyApiLimit: 100_000,
  queryLocatorTtlSeconds: 172_800,
  maxOpenQueryCursors: 50,
  customFields: {},
  telephonyLogLimit: 100_000,
};

/** A partial config as accepted from a file, `options.config` or `POST /_simulator/config`. */
type SimulatorConfigPatch = Partial<Omit<SimulatorConfig, 'latencyMs' | 'applyDelayMs'>> & {
  readonly latencyMs?: Partial<DelaySpec>;
  readonly applyDelayMs?: Partial<DelaySpec>;
};

const CUSTOM_FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c$/;
const CUSTOM_TYPES = new Set<string>(['string', 'textarea', 'datetime', 'date', 'int', 'double', 'boolean']);
const FAULT_KINDS = new Set<string>(['429', '500', '503', 'drop']);

function fail(key: string, message: string): never {
  throw new SimulatorConfigError(`simulator.${key}`, `Simulator config ${key}: ${message}`);
}

function num(key: string, value: unknown, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    fail(key, `expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function obj(key: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(key, `expected an object, got ${JSON.stringify(value)}.`);
  return value as Record<string, unknown>;
}

function delay(key: string, base: DelaySpec, value: unknown): DelaySpec {
  const o = obj(key, value);
  for (const k of Object.keys(o)) if (k !== 'fixed' && k !== 'jitter') fail(`${key}.${k}`, 'unknown setting (use fixed and jitter).');
  return {
    fixed: o.fixed === undefined ? base.fixed : num(`${key}.fixed`, o.fixed, 0, 600_000),
    jitter: o.jitter === undefined ? base.jitter : num(`${key}.jitter`, o.jitter, 0, 600_000),
  };
}

function faults(value: unknown, base: Readonly<Record<string, EndpointFaults>>): Record<string, EndpointFaults> {
  const merged: Record<string, EndpointFaults> = { ...base };
  for (const [endpoint, spec] of Object.entries(obj('errorRates', value))) {
    const rates: Record<string, number> = {};
    let total = 0;
    for (const [kind, rate] of Object.entries(obj(`errorRates.${endpoint}`, spec))) {
      if (!FAULT_KINDS.has(kind)) fail(`errorRates.${endpoint}.${kind}`, 'unknown fault (use 429, 500, 503 or drop).');
      rates[kind] = num(`errorRates.${endpoint}.${kind}`, rate, 0, 1);
      total += rates[kind] ?? 0;
    }
    if (total > 1) fail(`errorRates.${endpoint}`, `the rates add up to ${total}, more than 1.`);
    if (Object.keys(rates).length === 0) delete merged[endpoint];
    else merged[endpoint] = rates;
  }
  return merged;
}

function customFields(value: unknown, base: Readonly<Record<string, CustomFieldType>>): Record<string, CustomFieldType> {
  const merged: Record<string, CustomFieldType> = { ...base };
  for (const [name, type] of Object.entries(obj('customFields', value))) {
    if (!CUSTOM_FIELD_NAME.test(name)) fail(`customFields.${name}`, 'a custom field name looks like Name__c.');
    if (typeof type !== 'string' || !CUSTOM_TYPES.has(type))
      fail(`customFields.${name}`, `unknown type ${JSON.stringify(type)} (use ${[...CUSTOM_TYPES].join(', ')}).`);
    const existing = Object.keys(merged).find((n) => n.toLowerCase() === name.toLowerCase());
    if (existing !== undefined && merged[existing] !== type) fail(`customFields.${name}`, `already declared as ${merged[existing]}.`);
    if (existing === undefined) merged[name] = type as CustomFieldType;
  }
  return merged;
}

/**
 * Merges a partial config into a full one, validating every value.
 *
 * @param base - the current config
 * @param patch - settings to change; `errorRates` and `customFields` merge per key
 * @returns the new config
 * @throws SimulatorConfigError naming the setting, for unknown settings or values out of range
 */
function mergeSimulatorConfig(base: SimulatorConfig, patch: unknown): SimulatorConfig {
  const p = obj('(root)', patch);
  const next: { -readonly [K in keyof SimulatorConfig]: SimulatorConfig[K] } = { ...base };
  for (const [key, value] of Object.entries(p)) {
    switch (key) {
      case 'seed':
        next.seed = num(key, value, -(2 ** 31), 2 ** 32, true);
        break;
      case 'latencyMs':
        next.latencyMs = delay(key, base.latencyMs, value);
        break;
      case 'applyDelayMs':
        next.applyDelayMs = delay(key, base.applyDelayMs, value);
        break;
      case 'errorRates':
        next.errorRates = faults(value, base.errorRates);
        break;
      case 'retryAfterSeconds':
        next.retryAfterSeconds = num(key, value, 0, 86_400, true);
        break;
      case 'tokenTtlSeconds':
        next.tokenTtlSeconds = num(key, value, 1, 31 * 86_400, true);
        break;
      case 'lostApplyFraction':
        next.lostApplyFraction = num(key, value, 0, 1);
        break;
      case 'telephonyRatePerSecond':
        next.telephonyRatePerSecond = num(key, value, 1, 1_000_000, true);
        break;
      case 'dailyApiLimit':
        next.dailyApiLimit = num(key, value, 1, 1_000_000_000, true);
        break;
      case 'queryLocatorTtlSeconds':
        next.queryLocatorTtlSeconds = num(key, value, 1, 31 * 86_400, true);
        break;
      case 'maxOpenQueryCursors':
        next.maxOpenQueryCursors = num(key, value, 1, 10_000, true);
        break;
      case 'customFields':
        next.customFields = customFields(value, base.customFields);
        break;
      case 'telephonyLogLimit':
        next.telephonyLogLimit = num(key, value, 0, 10_000_000, true);
        break;
      default:
        fail(key, `unknown setting (known: ${Object.keys(DEFAULT_SIMULATOR_CONFIG).join(', ')}).`);
    }
  }
  return next;
}

export { DEFAULT_SIMULATOR_CONFIG, mergeSimulatorConfig };
export type { CustomFieldType, DelaySpec, EndpointFaults, SimulatorConfig, SimulatorConfigPatch };
