/** Rates are rounded down to this many decimals, so the workers' shares never add up past the budget. */
const RATE_DECIMALS = 3;

/**
 * The rate budget of one backfill worker: the org-wide budget shared evenly by the windows that run
 * at once (the Map's `maxConcurrency`), rounded down to 1/1000 request per second. Every window's
 * reconcile run paces itself to this share, so however many windows run in parallel, the backfill as
 * a whole never exceeds `budgetPerSecond` (each run's limiter keeps every one-second window within
 * its share). A share may be below 1/s (budget 10, 40 windows: 0.25/s each).
 *
 * @param budgetPerSecond - the org-wide budget, requests per second (`reconcileRate`)
 * @param maxConcurrency - windows reconciled at once (`backfillConcurrency`)
 * @throws RangeError when the budget is not > 0, the concurrency not a whole number ≥ 1, or the
 *   share rounds down to 0
 */
function ratePerWorker(budgetPerSecond: number, maxConcurrency: number): number {
  if (!(budgetPerSecond > 0) || !Number.isFinite(budgetPerSecond)) throw new RangeError(`budgetPerSecond must be > 0, got ${budgetPerSecond}`);
  if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1)
    throw new RangeError(`maxConcurrency must be a whole number >= 1, got ${maxConcurrency}`);
  const scale = 10 ** RATE_DECIMALS;
  const share = Math.floor((budgetPerSecond * scale) / maxConcurrency) / scale;
  if (share <= 0) throw new RangeError(`a budget of ${budgetPerSecond}/s cannot be shared by ${maxConcurrency} workers`);
  return share;
}

export { ratePerWorker };
