import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import { predicateToSoql } from '../reconcile/candidatePredicate.ts';
import type { ReconcileMode } from '../reconcile/planCandidate.ts';
import { RECONCILE_DEFAULTS } from '../reconcile/runReconcile.ts';
import { parseChoice } from '../validation/choice.ts';
import { validateContactId } from '../ctr/validateContactId.ts';
import { formatDuration, parseDuration } from '../validation/duration.ts';
import { validateSalesforceId } from '../validation/salesforceId.ts';
import { parseTimeOrAgo } from '../validation/timeOrAgo.ts';
import { parseWholeNumber } from '../validation/wholeNumber.ts';
import { RUN_LIMITS, rateWarning } from './runLimits.ts';
import { parseReportOutput, type ReportOutput, type ReportOutputFlags } from './reportOutput.ts';
import { loadReconcileSettings, loadSalesforceSettings, type ReconcileSettings, type SecretValues } from './reconcileSettings.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Defaults of the numeric run options (the engine's own). */
const RUN_DEFAULTS = { concurrency: RECONCILE_DEFAULTS.concurrency, rate: RECONCILE_DEFAULTS.ratePerSecond } as const;

const MODES = ['missing', 'diff'] as const satisfies readonly ReconcileMode[];

/** The time window of a run: [from, to). */
interface RunWindow {
  readonly from: Date;
  readonly to: Date;
}

/** What a reconcile run does, validated (fed to `runReconcile`'s options). */
interface ReconcileRunOptions extends RunWindow {
  readonly graceMs: number;
  readonly mode: ReconcileMode;
  readonly predicateSoql: string;
  readonly verifyTimeoutMs: number;
  readonly concurrency: number;
  readonly ratePerSecond: number;
  readonly dryRun: boolean;
  readonly retryUnconfirmed: boolean;
  /** Reconcile exactly these (window, grace and predicate do not apply). */
  readonly only?: { readonly contactIds: readonly string[]; readonly voiceCallIds: readonly string[] };
}

/** Everything `ctr-resync reconcile` needs, parsed once from environment + flags (+ secrets). */
interface ReconcileConfig extends ReconcileSettings {
  readonly run: ReconcileRunOptions;
  /** stdout's format, the report file and its format, `--verbose`. */
  readonly output: ReportOutput;
  /** Settings that are valid but risky (a `--rate` above SCV's documented 50/s): print them, then run. Absent when none. */
  readonly warnings?: readonly string[];
}

/** Everything `ctr-resync report` needs (no writer settings). */
interface ReportConfig extends Pick<ReconcileSettings, 'archive' | 'salesforce'> {
  readonly run: RunWindow & { readonly predicateSoql: string };
}

/** The scheduled reconcile Lambda's run settings (RECONCILE_*), parsed at cold start. */
interface ReconcileSchedule {
  /** The rolling window: runs cover [now - windowMs, now) unless the event says otherwise. */
  readonly windowMs: number;
  readonly graceMs: number;
  readonly mode: ReconcileMode;
  readonly predicateSoql: string;
  readonly verifyTimeoutMs: number;
  readonly concurrency?: number;
  readonly ratePerSecond?: number;
  /** Settings that are valid but risky (RECONCILE_RATE above SCV's documented 50/s): log them at cold start. Absent when none. */
  readonly warnings?: readonly string[];
}

/** Raw `reconcile` flags as commander hands them over (defaults applied by the parser when absent). */
interface ReconcileFlagValues extends ReportOutputFlags {
  readonly archive?: string;
  /** Required unless `contactId` or `voiceCallId` picks the calls. */
  readonly since?: string;
  readonly until?: string;
  readonly grace?: string;
  readonly mode?: string;
  readonly predicate?: string;
  readonly verifyTimeout?: string;
  readonly concurrency?: number | string;
  readonly rate?: number | string;
  readonly dryRun?: boolean;
  readonly retryUnconfirmed?: boolean;
  /** Comma-separated ContactIds to reconcile exactly, ignoring the window. */
  readonly contactId?: string;
  /** Comma-separated VoiceCall Ids to reconcile exactly, ignoring the window. */
  readonly voiceCallId?: string;
}

/** Raw `report` flags. */
interface ReportFlagValues {
  readonly archive?: string;
  readonly since: string;
  readonly until?: string;
  readonly predicate?: string;
}

/** Where a configuration comes from. The environment is only read. */
interface ConfigSources<F> {
  readonly env: Env;
  readonly flags: F;
  /** Secrets Manager values (Lambda); merged by the parser, never into `env`. */
  readonly secrets?: SecretValues;
  /** The clock for "7d"-style times. */
  readonly now: Date;
  /** Reads key files; tests inject one. */
  readonly readFile?: (path: string) => string;
}

/** `predicateToSoql` names `--predicate`; re-name its errors for another setting. */
function predicateSoqlFor(text: string | undefined, setting: string): string {
  try {
    return predicateToSoql(text);
  } catch (error) {
    if (error instanceof ConfigError && setting !== '--predicate')
      throw new ConfigError(setting, error.message.replace(/^--predicate/, setting), { cause: error });
    throw error;
  }
}

/** A comma-separated list flag, each item validated; undefined when the flag is absent. */
function listFlag(value: string | undefined, flag: string, validate: (item: string) => string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0 || items.length > MAX_SELECTED) throw new ConfigError(flag, `${flag} takes 1 to ${MAX_SELECTED} comma-separated values`);
  try {
    return items.map(validate);
  } catch (error) {
    throw new ConfigError(flag, `${flag}: ${(error as Error).message}`, { cause: error });
  }
}

/** Most VoiceCalls one explicit selection may name. */
const MAX_SELECTED = 10_000;

/** `--contact-id` and `--voice-call-id` into a selection, or undefined when neither is given. */
function parseSelection(flags: Pick<ReconcileFlagValues, 'contactId' | 'voiceCallId'>): ReconcileRunOptions['only'] {
  const contactIds = listFlag(flags.contactId, '--contact-id', validateContactId);
  const voiceCallIds = listFlag(flags.voiceCallId, '--voice-call-id', (id) => validateSalesforceId(id, { prefix: '0LQ', kind: 'VoiceCall Id' }));
  if (!contactIds && !voiceCallIds) return undefined;
  return { contactIds: contactIds ?? [], voiceCallIds: voiceCallIds ?? [] };
}

/** `--since`/`--until` into a window, refusing an empty or inverted one. */
function parseWindow(since: string, until: string | undefined, now: Date): RunWindow {
  const from = parseTimeOrAgo(since, '--since', now);
  const to = until !== undefined ? parseTimeOrAgo(until, '--until', now) : now;
  if (from.getTime() >= to.getTime()) {
    if (until === undefined)
      throw new ConfigError('--since', `--since (${from.toISOString()}) is in the future: give a time before now, or a duration before now (7d)`);
    throw new ConfigError('--since', `--since (${from.toISOString()}) must be before --until (${to.toISOString()})`);
  }
  return { from, to };
}

const readUtf8 = (path: string): string => readFileSync(path, 'utf8');

/**
 * Parses `ctr-resync reconcile`'s configuration once: the environment's settings, overridden by
 * flags (`--archive` over `CTR_ARCHIVE`), with secrets merged; then the run options, validated with
 * their ranges. Nothing is written to `env` or `process.env`.
 *
 * @throws ConfigError naming the setting or flag and the fix
 */
function parseReconcileConfig(sources: ConfigSources<ReconcileFlagValues>): ReconcileConfig {
  const { env, flags, now } = sources;
  const only = parseSelection(flags);
  if (!only && flags.since === undefined) {
    throw new ConfigError(
      '--since',
      '--since is required: the start of the window (7d, or 2026-11-20T00:00:00Z), unless --contact-id or --voice-call-id names the calls',
    );
  }
  const graceMs = parseDuration(flags.grace ?? RUN_LIMITS.grace.default, '--grace', RUN_LIMITS.grace);
  const window = only ? { from: now, to: now } : parseWindow(flags.since as string, flags.until, now);
  if (!only && Math.min(window.to.getTime(), now.getTime() - graceMs) <= window.from.getTime()) {
    throw new ConfigError(
      '--grace',
      `--grace ${formatDuration(graceMs)} leaves nothing of the window: calls that started less than that long ago are left alone (they may be live); start --since earlier or lower --grace`,
    );
  }
  const run: ReconcileRunOptions = {
    ...window,
    ...(only ? { only } : {}),
    graceMs,
    mode: parseChoice(flags.mode ?? 'missing', '--mode', MODES),
    predicateSoql: predicateSoqlFor(flags.predicate, '--predicate'),
    verifyTimeoutMs: parseDuration(flags.verifyTimeout ?? RUN_LIMITS.verifyTimeout.default, '--verify-timeout', RUN_LIMITS.verifyTimeout),
    concurrency: parseWholeNumber(flags.concurrency ?? RUN_DEFAULTS.concurrency, '--concurrency', RUN_LIMITS.concurrency),
    ratePerSecond: parseWholeNumber(flags.rate ?? RUN_DEFAULTS.rate, '--rate', RUN_LIMITS.rate),
    dryRun: flags.dryRun ?? false,
    retryUnconfirmed: flags.retryUnconfirmed ?? false,
  };
  const output = parseReportOutput(flags);
  const settings = loadReconcileSettings(
    env,
    sources.secrets ?? {},
    sources.readFile ?? readUtf8,
    flags.archive !== undefined ? { archive: flags.archive } : {},
  );
  const warning = rateWarning(run.ratePerSecond, '--rate');
  return { ...settings, run, output, ...(warning ? { warnings: [warning] } : {}) };
}

/**
 * Parses `ctr-resync report`'s configuration: archive and Salesforce settings (flags over the
 * environment) and the window. The writer's settings are not needed.
 *
 * @throws ConfigError naming the setting or flag and the fix
 */
function parseReportConfig(sources: ConfigSources<ReportFlagValues>): ReportConfig {
  const { env, flags, now } = sources;
  const run = { ...parseWindow(flags.since, flags.until, now), predicateSoql: predicateSoqlFor(flags.predicate, '--predicate') };
  const settings = loadSalesforceSettings(
    env,
    sources.secrets ?? {},
    sources.readFile ?? readUtf8,
    flags.archive !== undefined ? { archive: flags.archive } : {},
  );
  return { ...settings, run };
}

/**
 * Parses the scheduled Lambda's run settings: RECONCILE_WINDOW (3d), RECONCILE_GRACE (30m),
 * RECONCILE_MODE (missing), RECONCILE_PREDICATE, RECONCILE_VERIFY_TIMEOUT (3m),
 * RECONCILE_CONCURRENCY and RECONCILE_RATE (the engine's defaults when unset).
 *
 * @param env - the environment (read only)
 * @throws ConfigError naming the variable
 */
function parseReconcileSchedule(env: Env): ReconcileSchedule {
  const get = (name: string): string | undefined => env[name]?.trim() || undefined;
  const concurrency = get('RECONCILE_CONCURRENCY');
  const rateText = get('RECONCILE_RATE');
  const rate = rateText !== undefined ? parseWholeNumber(rateText, 'RECONCILE_RATE', RUN_LIMITS.rate) : undefined;
  const warning = rate !== undefined ? rateWarning(rate, 'RECONCILE_RATE') : undefined;
  return {
    windowMs: parseDuration(get('RECONCILE_WINDOW') ?? RUN_LIMITS.window.default, 'RECONCILE_WINDOW', RUN_LIMITS.window),
    graceMs: parseDuration(get('RECONCILE_GRACE') ?? RUN_LIMITS.grace.default, 'RECONCILE_GRACE', RUN_LIMITS.grace),
    mode: parseChoice(get('RECONCILE_MODE') ?? 'missing', 'RECONCILE_MODE', MODES),
    predicateSoql: predicateSoqlFor(get('RECONCILE_PREDICATE'), 'RECONCILE_PREDICATE'),
    verifyTimeoutMs: parseDuration(
      get('RECONCILE_VERIFY_TIMEOUT') ?? RUN_LIMITS.verifyTimeout.default,
      'RECONCILE_VERIFY_TIMEOUT',
      RUN_LIMITS.verifyTimeout,
    ),
    ...(concurrency !== undefined ? { concurrency: parseWholeNumber(concurrency, 'RECONCILE_CONCURRENCY', RUN_LIMITS.concurrency) } : {}),
    ...(rate !== undefined ? { ratePerSecond: rate } : {}),
    ...(warning ? { warnings: [warning] } : {}),
  };
}

export { parseReconcileConfig, parseReconcileSchedule, parseReportConfig, parseWindow, RUN_DEFAULTS, RUN_LIMITS };
export type {
  ConfigSources,
  ReconcileConfig,
  ReconcileFlagValues,
  ReconcileRunOptions,
  ReconcileSchedule,
  ReportConfig,
  ReportFlagValues,
  RunWindow,
};
