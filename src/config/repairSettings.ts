import { ConfigError } from '../errors.ts';
import type { ReconcileMode } from '../reconcile/planCandidate.ts';
import { parseChoice } from '../validation/choice.ts';
import { parseWholeNumber } from '../validation/wholeNumber.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Default delivery delay of a repair check, in seconds (docs/event-repair.md, "Why 300 s"). SCV's
 * CTRDataSync consumes the same stream (BatchSize 100, no batching window, 5 s timeout, one retry
 * in the BYOA stack: scv-internals.md §1.2), so it has PATCHed — or given up — within about 20 s
 * of the record's arrival; the Telephony API then applies the PATCH asynchronously (seconds).
 * 300 s leaves a margin of more than ten times that, and covers a CTRDataSync iterator age of a
 * few minutes, while still repairing within minutes of the call. SQS allows at most 900 s.
 */
const DEFAULT_REPAIR_DELAY_SECONDS = 300;
/** SQS's ceiling for DelaySeconds. */
const MAX_REPAIR_DELAY_SECONDS = 900;

/** The archive Lambda's side of event-driven repair. */
interface RepairEnqueueSettings {
  readonly queueUrl: string;
}

/** What the checker does with a VoiceCall. */
interface RepairCheckSettings {
  /** `missing`: only VoiceCalls still lacking CTR data (default); `diff`: also stale ones. */
  readonly mode: ReconcileMode;
}

const SQS_QUEUE_URL = /^https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;

/**
 * Parses `REPAIR_QUEUE_URL` (unset: event-driven repair is off).
 *
 * @throws ConfigError when it is set but not an SQS queue URL
 */
function parseRepairEnqueueSettings(env: Env): RepairEnqueueSettings | undefined {
  const url = env.REPAIR_QUEUE_URL?.trim();
  if (!url) return undefined;
  if (!SQS_QUEUE_URL.test(url))
    throw new ConfigError('REPAIR_QUEUE_URL', 'REPAIR_QUEUE_URL must be an SQS queue URL: https://sqs.<region>.amazonaws.com/<account>/<queue>');
  return { queueUrl: url };
}

/**
 * Parses the checker's own settings (`REPAIR_MODE`).
 * @throws ConfigError naming the setting
 */
function parseRepairCheckSettings(env: Env): RepairCheckSettings {
  return { mode: parseChoice(env.REPAIR_MODE?.trim() || 'missing', 'REPAIR_MODE', ['missing', 'diff'] as const) };
}

/** Validates a delivery delay (stack setting or flag) against SQS's 0–900 s. @throws ConfigError */
function parseRepairDelaySeconds(value: unknown, setting: string): number {
  return parseWholeNumber(value, setting, { min: 0, max: MAX_REPAIR_DELAY_SECONDS });
}

export { DEFAULT_REPAIR_DELAY_SECONDS, MAX_REPAIR_DELAY_SECONDS, parseRepairCheckSettings, parseRepairDelaySeconds, parseRepairEnqueueSettings };
export type { RepairCheckSettings, RepairEnqueueSettings };
