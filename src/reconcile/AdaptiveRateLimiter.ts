/**
 * A token bucket whose rate halves on every throttle signal (HTTP 429) and creeps back up on
 * success (additive increase, multiplicative decrease). Hand-written because p-queue, which bounds
 * concurrency here, cannot change its interval cap while running.
 */
class AdaptiveRateLimiter {
  #rate: number;
  #tokens: number;
  #last: number;
  readonly #max: number;
  readonly #min: number;

  /**
   * @param maxPerSecond - the ceiling, and the starting rate
   * @param now - clock in ms (injectable for tests)
   * @param sleep - waits the given ms (injectable for tests)
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
    this.#tokens = 1;
    this.#last = now();
  }

  /** The current rate, requests per second. */
  public get rate(): number {
    return this.#rate;
  }

  /** Waits until a request may go out. */
  public async acquire(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.#tokens = Math.min(Math.max(1, this.#rate), this.#tokens + ((t - this.#last) / 1000) * this.#rate);
      this.#last = t;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.#tokens) / this.#rate) * 1000));
    }
  }

  /** The server said "too many requests": halve the rate. */
  public onThrottle(): void {
    this.#rate = Math.max(this.#min, this.#rate / 2);
    this.#tokens = Math.min(this.#tokens, 0);
  }

  /** A request succeeded: grow the rate by 1/s, up to the ceiling. */
  public onSuccess(): void {
    this.#rate = Math.min(this.#max, this.#rate + 1 / Math.max(1, this.#rate));
  }
}

export { AdaptiveRateLimiter };
