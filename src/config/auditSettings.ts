import { validateAwsName, validateS3Location } from '../datalake/validateAwsNames.ts';
import { ConfigError } from '../errors.ts';
import { parseChoice } from '../validation/choice.ts';
import { parseDuration } from '../validation/duration.ts';
import { parseWholeNumber } from '../validation/wholeNumber.ts';
import { type DataLakeSettings, loadDataLakeSettings } from './dataLakeSettings.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the scheduled audit reads the contacts Connect knows. */
const AUDIT_SOURCES = ['data-lake', 'search-contacts'] as const;
type AuditSource = (typeof AUDIT_SOURCES)[number];

const HOUR_MS = 3_600_000;

/**
 * Limits and defaults of the scheduled audit's settings (the stack validates its own with the same).
 * The lag: the data lake's contact records "should be available in less than an hour"
 * (docs.aws.amazon.com/connect/latest/adminguide/data-lake.html), so a day is audited only once
 * its end lies at least `lag` in the past; the default 2h doubles that and also leaves the archive
 * time for CTRs of calls that ended after midnight.
 */
const AUDIT_LIMITS = Object.freeze({
  days: { default: 1, min: 1, max: 31 },
  lag: { default: '2h', minMs: HOUR_MS, maxMs: 7 * 24 * HOUR_MS },
  source: { default: 'search-contacts' as AuditSource },
});

/** The scheduled audit Lambda's settings, parsed at cold start. */
interface AuditSchedule {
  readonly source: AuditSource;
  /** Complete UTC days audited per run (the last `days` days that ended at least `lagMs` ago). */
  readonly days: number;
  readonly lagMs: number;
  /** Instance, region, Athena names and endpoints (CONNECT_INSTANCE_ID, DATA_LAKE_*, ATHENA_*). */
  readonly dataLake: DataLakeSettings;
}

/** Re-throws a name validator's error as a ConfigError naming the variable (the value is not echoed). */
function checkedName(setting: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    throw new ConfigError(setting, `${setting} is not a valid name or location (see the README's data-lake settings for the allowed characters)`, {
      cause: error,
    });
  }
}

/**
 * Parses the audit Lambda's settings: AUDIT_SOURCE (`search-contacts` or `data-lake`), AUDIT_DAYS
 * (1–31, default 1), AUDIT_LAG (1h–7d, default 2h) and the data-lake settings shared with the CLI
 * (CONNECT_INSTANCE_ID; for `data-lake` also DATA_LAKE_DATABASE, DATA_LAKE_TABLE, ATHENA_WORKGROUP,
 * ATHENA_CATALOG, ATHENA_OUTPUT_LOCATION), each name validated here so a bad one fails the cold start.
 *
 * @param env - the environment (read only)
 * @throws ConfigError naming the variable
 */
function parseAuditSchedule(env: Env): AuditSchedule {
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const source = parseChoice(get('AUDIT_SOURCE') ?? AUDIT_LIMITS.source.default, 'AUDIT_SOURCE', AUDIT_SOURCES);
  const days = parseWholeNumber(get('AUDIT_DAYS') ?? String(AUDIT_LIMITS.days.default), 'AUDIT_DAYS', AUDIT_LIMITS.days);
  const lagMs = parseDuration(get('AUDIT_LAG') ?? AUDIT_LIMITS.lag.default, 'AUDIT_LAG', AUDIT_LIMITS.lag);
  const dataLake = loadDataLakeSettings(env);
  checkedName('CONNECT_INSTANCE_ID', () => validateAwsName('Connect instance id', dataLake.instanceId));
  if (source === 'data-lake') {
    const { athena } = dataLake;
    if (athena.database !== undefined) checkedName('DATA_LAKE_DATABASE', () => validateAwsName('Athena database', athena.database));
    if (athena.table !== undefined) checkedName('DATA_LAKE_TABLE', () => validateAwsName('Athena table', athena.table));
    if (athena.workGroup !== undefined) checkedName('ATHENA_WORKGROUP', () => validateAwsName('Athena workgroup', athena.workGroup));
    if (athena.catalog !== undefined) checkedName('ATHENA_CATALOG', () => validateAwsName('Athena catalog', athena.catalog));
    if (athena.outputLocation !== undefined) checkedName('ATHENA_OUTPUT_LOCATION', () => validateS3Location(athena.outputLocation));
  }
  return { source, days, lagMs, dataLake };
}

export { AUDIT_LIMITS, AUDIT_SOURCES, parseAuditSchedule };
export type { AuditSchedule, AuditSource };
