import { DAY_MS } from '../validation/duration.ts';

/**
 * Defaults and ranges of reconcile's run settings: the CLI flags, the scheduled Lambda's
 * RECONCILE_* variables and the stack settings that set them (infra/config) use the same.
 */
const RUN_LIMITS = {
  /** `--grace`, `RECONCILE_GRACE`, `reconcileGrace`. */
  grace: { default: '30m', minMs: 0, maxMs: 30 * DAY_MS },
  /** `--verify-timeout`, `RECONCILE_VERIFY_TIMEOUT`, `reconcileVerifyTimeout`. */
  verifyTimeout: { default: '3m', minMs: 1_000, maxMs: 6 * 3_600_000 },
  /** `RECONCILE_WINDOW`, `reconcileWindow`: the scheduled run's rolling window. */
  window: { default: '3d', minMs: 60_000, maxMs: 3660 * DAY_MS },
  /** `--concurrency`, `RECONCILE_CONCURRENCY`. */
  concurrency: { min: 1, max: 64 },
  /**
   * `--rate`, `RECONCILE_RATE`, `reconcileRate`: the operator's budget of PATCHes per second. Up to
   * 500 is accepted; above `scvDocumented` (SCV's documented 50 calls/s per org, scv-internals.md §2)
   * a warning is printed or logged ({@link rateWarning}), since the run would then compete with, or
   * crowd out, the org's live SCV traffic.
   */
  rate: { min: 1, max: 500, scvDocumented: 50 },
} as const;

/**
 * The warning for a rate budget above SCV's documented org limit, or `undefined` when within it.
 *
 * @param ratePerSecond - the budget, requests per second
 * @param setting - the flag or variable it came from (`--rate`, `RECONCILE_RATE`, `reconcileRate`)
 */
function rateWarning(ratePerSecond: number, setting: string): string | undefined {
  const limit = RUN_LIMITS.rate.scvDocumented;
  if (ratePerSecond <= limit) return undefined;
  return `${setting} ${ratePerSecond} is above SCV's documented limit of ${limit} calls per second per org: expect 429s (the run halves its rate on them) and live SCV traffic competing with this run; keep it at or below ${limit} unless Salesforce raised your org's limit`;
}

export { RUN_LIMITS, rateWarning };
