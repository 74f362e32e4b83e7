/** Requests seen by one endpoint (`METHOD /normalised/path`). */
interface EndpointCount {
  requests: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** Connections destroyed without an answer (injected drops). */
  dropped: number;
  /** Answers or drops that were injected faults. */
  faults: number;
}

/** What `GET /_simulator/counters` returns. */
interface CountersSnapshot {
  readonly endpoints: Readonly<Record<string, EndpointCount>>;
  readonly totals: {
    readonly requests: number;
    readonly statuses: Readonly<Record<string, number>>;
    readonly dropped: number;
    readonly faults: number;
  };
}

/**
 * Request accounting per endpoint and method. Sequence numbers (which drive seeded fault and
 * latency draws) are kept apart from the counts, so resetting the counts never changes which
 * request gets which fault.
 */
class RequestCounters {
  #byKey = new Map<string, EndpointCount>();
  readonly #sequence = new Map<string, number>();

  /**
   * Counts a request arriving at an endpoint.
   *
   * @returns the request's sequence number for that endpoint (0, 1, 2...)
   */
  public begin(key: string): number {
    const n = this.#sequence.get(key) ?? 0;
    this.#sequence.set(key, n + 1);
    this.#entry(key).requests += 1;
    return n;
  }

  /** Records how the request ended: an HTTP status, or `'dropped'`. */
  public finish(key: string, outcome: number | 'dropped', fault: boolean): void {
    const entry = this.#entry(key);
    if (outcome === 'dropped') entry.dropped += 1;
    else entry.statuses[String(outcome)] = (entry.statuses[String(outcome)] ?? 0) + 1;
    if (fault) entry.faults += 1;
  }

  #entry(key: string): EndpointCount {
    let entry = this.#byKey.get(key);
    if (entry === undefined) {
      entry = { requests: 0, statuses: {}, dropped: 0, faults: 0 };
      this.#byKey.set(key, entry);
    }
    return entry;
  }

  /** Counts per endpoint (sorted by key) and totals. */
  public snapshot(): CountersSnapshot {
    const endpoints: Record<string, EndpointCount> = {};
    const statuses: Record<string, number> = {};
    let requests = 0;
    let dropped = 0;
    let faults = 0;
    for (const key of [...this.#byKey.keys()].sort()) {
      const e = this.#byKey.get(key) as EndpointCount;
      endpoints[key] = { requests: e.requests, statuses: { ...e.statuses }, dropped: e.dropped, faults: e.faults };
      requests += e.requests;
      dropped += e.dropped;
      faults += e.faults;
      for (const [status, n] of Object.entries(e.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
    }
    return { endpoints, totals: { requests, statuses, dropped, faults } };
  }

  /** Zeroes the counts. */
  public reset(): void {
    this.#byKey = new Map();
  }
}

const MINUTE_MS = 60_000;
const WINDOW_MINUTES = 24 * 60;

/** REST API usage over a rolling 24 hours (per-minute buckets), as Sforce-Limit-Info reports it. */
class ApiUsage {
  readonly #buckets = new Map<number, number>();
  #total = 0;

  #purge(now: number): void {
    const oldest = Math.floor(now / MINUTE_MS) - WINDOW_MINUTES + 1;
    for (const [minute, count] of this.#buckets) {
      if (minute >= oldest) break;
      this.#total -= count;
      this.#buckets.delete(minute);
    }
  }

  /** Calls counted in the last 24 hours. */
  public used(now: number): number {
    this.#purge(now);
    return this.#total;
  }

  /** Counts one call. */
  public record(now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    this.#buckets.set(minute, (this.#buckets.get(minute) ?? 0) + 1);
    this.#total += 1;
  }

  /** Forgets all usage. */
  public reset(): void {
    this.#buckets.clear();
    this.#total = 0;
  }
}

export { ApiUsage, RequestCounters };
export type { CountersSnapshot, EndpointCount };
