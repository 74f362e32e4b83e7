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
  /** `--rate`, `RECONCILE_RATE`. */
  rate: { min: 1, max: 50 },
} as const;

export { RUN_LIMITS };
