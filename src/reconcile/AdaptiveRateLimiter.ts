/** One second: the window a rate budget is counted over. */
const WINDOW_MS = 1_000;
/** After a halving, further 429s within this long count as the same storm (no further halving). */
const THROTTLE_COOLDOWN_MS = 1_000;
/**
 * The sliding-window log counts over one second plus this guard: a caller reads the clock a few
 * microseconds after its request is let out, so without it two callers' readings can put `rate + 1`
 * requests in one 1000-ms window (seen as 201 at a budget of 200 in bench/limiterPacing.ts). Costs
 * at most 0.1% of the rate.
 */
const WINDOW_GUARD_MS = 1;
/** The additive step of recovery after a 429, as a share of the budget (requests/s per second of successes). */
const RECOVERY_STEP_OF_BUDGET = 0.05;

/**
 * Paces requests to a budget of `maxPerSecond` that no one-second window ever exceeds, with a rate
 * that halves on a throttle storm (HTTP 429) and creeps back up on success (additive increase,
 * multiplicative decrease). Two rules, both checked against the clock when a request is let out:
 *
 * - **spacing** (GCRA): requests follow a schedule `1000 / rate` ms apart; one may go out up to half
 *   an interval early, so a timer that fired late is made up by the next request, but idle time
 *   earns no burst (the bucket holds at most one and a half tokens);
 * - **sliding-window log**: no more than `floor(rate)` (at least 1) requests in any 1000 ms, so float
 *   rounding and late timers can never let `rate + 1` through.
 *
 * Callers are served first come, first served. Hand-written because p-queue, which bounds
 * concurrency here, cannot change its interval cap while running.
 */
class AdaptiveRateLimiter {
  #rate: number;
  /** When the next request is due on the schedule (GCRA's theoretical arrival time). */
  #due = Number.NEGATIVE_INFINITY;
  #lastThrottle = Number.NEGATIVE_INFINITY;
  /** Times of the requests let out in the last second, oldest first (from `#head`). */
  readonly #recent: number[] = [];
  #head = 0;
  #tail: Promise<void> = Promise.resolve();
  readonly #max: number;
  readonly #min: number;
  /** Additive increase, requests/s gained per second of successes. */
  readonly #step: number;

  /**
   * @param maxPerSecond - the budget: the ceiling, and the starting rate
   * @param now - clock in ms (injectable for tests)
   * @param sleep - waits the given ms (injectable for tests)
   * @throws TypeError when `maxPerSecond` is not > 0
   */
  public constructor(
    maxPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(maxPerSecond > 0)) throw new TypeError(`Expected \`maxPerSecond\` to be > 0, got ${maxPerSecond}`);
    this.#max = maxPerSecond;
    this.#min = Math.min(1, maxPerSecond);
    this.#rate = maxPerSecond;
    this.#step = Math.max(1, maxPerSecond * RECOVERY_STEP_OF_BUDGET);
  }

  /** The current rate, requests per second. */
  public get rate(): number {
    return this.#rate;
  }

  /** The budget: the rate never exceeds it. */
  public get maxRate(): number {
    return this.#max;
  }

  /** Waits until a request may go out (callers in arrival order). */
  public acquire(): Promise<void> {
    const turn = this.#tail.then(() => this.#waitForSlot());
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  /** The server said "too many requests": halve the rate, once per storm (1 s cool-down). */
  public onThrottle(): void {
    const t = this.now();
    if (t - this.#lastThrottle < THROTTLE_COOLDOWN_MS) return;
    this.#lastThrottle = t;
    this.#rate = Math.max(this.#min, this.#rate / 2);
  }

  /**
   * A request succeeded: grow the rate by `step / rate`, i.e. about `step` requests/s per second of
   * successes, up to the budget. The step is 5% of the budget (at least 1/s), so a halved rate is
   * back at the budget within about 10 s of successes (sooner below 20/s): at 50/s, +1/s a second
   * took 25 s, and a run at the org's limit lost about 6 s to each lone 429 (bench/repairScale.ts).
   */
  public onSuccess(): void {
    this.#rate = Math.min(this.#max, this.#rate + this.#step / Math.max(1, this.#rate));
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const t = this.now();
      const wait = this.#delayAt(t);
      if (wait <= 0) {
        this.#due = Math.max(this.#due, t) + WINDOW_MS / this.#rate;
        this.#recent.push(t);
        return;
      }
      await this.sleep(Math.max(1, Math.ceil(wait)));
    }
  }

  /** How long after `t` the next request may go out (≤ 0: now). */
  #delayAt(t: number): number {
    while (this.#head < this.#recent.length && (this.#recent[this.#head] as number) <= t - WINDOW_MS - WINDOW_GUARD_MS) this.#head += 1;
    if (this.#head > 1024) {
      this.#recent.splice(0, this.#head);
      this.#head = 0;
    }
    const spacing = this.#due - WINDOW_MS / this.#rate / 2 - t;
    const cap = Math.max(1, Math.floor(this.#rate));
    const inWindow = this.#recent.length - this.#head;
    const window = inWindow < cap ? 0 : (this.#recent[this.#recent.length - cap] as number) + WINDOW_MS + WINDOW_GUARD_MS - t;
    return Math.max(spacing, window);
  }
}

export { AdaptiveRateLimiter, THROTTLE_COOLDOWN_MS };
