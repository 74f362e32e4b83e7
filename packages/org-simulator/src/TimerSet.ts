/**
 * Timers the simulator owns (response latency, delayed telephony applies). `clear()` cancels
 * them all on close, so a closed simulator leaves nothing scheduled.
 */
class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  /** Runs `fn` after `ms` (never, once cleared). */
  public schedule(ms: number, fn: () => void): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  /** Resolves after `ms` (immediately for 0; never, once cleared). */
  public delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.schedule(ms, resolve));
  }

  /** Number of pending timers. */
  public get size(): number {
    return this.#timers.size;
  }

  /** Cancels every pending timer and refuses new ones. */
  public clear(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

export { TimerSet };
