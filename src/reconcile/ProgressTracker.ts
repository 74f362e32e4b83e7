import type { Outcome } from './ReconcileReport.ts';

/** What a run is doing: reading the first page, reconciling candidates, or only waiting for PATCHes to land. */
type ReconcilePhase = 'query' | 'resync' | 'verify';

/** Where {@link ReconcileProgress.total} comes from. */
type TotalSource = 'query-total' | 'selection' | 'counted';

/**
 * A snapshot of a run's progress, emitted by `runReconcile` (pure data; the CLI renders it). It
 * holds counts, rates and ages only: no VoiceCall Id, no CTR value.
 */
interface ReconcileProgress {
  readonly phase: ReconcilePhase;
  /** Candidates decided (one outcome each). */
  readonly done: number;
  /**
   * Candidates in all, when known: the query's `totalSize` (Salesforce answers it with the first
   * page), the number of Ids asked for (a selection, an upper bound), or counted once the reader
   * has yielded its last row.
   */
  readonly total?: number;
  readonly totalSource?: TotalSource;
  readonly summary: Readonly<Record<Outcome, number>>;
  /** PATCH requests sent so far, retries included. */
  readonly patchesSent: number;
  /** PATCH requests per second over the last {@link RATE_WINDOW_MS} (or since the start, if shorter). */
  readonly patchRate: number;
  /** Candidates decided per second over the same window. */
  readonly decideRate: number;
  /** Seconds left at `decideRate`: only while reconciling with a known total and a rate above zero. */
  readonly etaSeconds?: number;
  /** PATCHes sent and not yet seen landing (what verification waits for). */
  readonly awaitingLanding: number;
  /** Age of the oldest of those, in milliseconds. */
  readonly oldestAwaitingMs?: number;
  /** The verify timeout: the oldest gives up `verifyTimeoutMs - oldestAwaitingMs` from now at most. */
  readonly verifyTimeoutMs: number;
  /** Milliseconds since the run started (monotonic clock). */
  readonly elapsedMs: number;
}

/** The window over which rates are measured. */
const RATE_WINDOW_MS = 10_000;

/** Counts events over the last {@link RATE_WINDOW_MS}; holds at most one timestamp per event in that window. */
class RecentRate {
  readonly #times: number[] = [];
  #head = 0;

  public constructor(private readonly startedAt: number) {}

  public add(at: number): void {
    this.#times.push(at);
  }

  /** Events per second over the window ending at `now`. */
  public perSecond(now: number): number {
    while (this.#head < this.#times.length && (this.#times[this.#head] ?? 0) <= now - RATE_WINDOW_MS) this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times.splice(0, this.#head);
      this.#head = 0;
    }
    const span = Math.min(RATE_WINDOW_MS, now - this.startedAt);
    return span <= 0 ? 0 : ((this.#times.length - this.#head) * 1000) / span;
  }
}

/** What {@link ProgressTracker} reads from the verifier. */
interface AwaitingView {
  readonly size: number;
  readonly oldestSince: number | undefined;
}

/**
 * The run's progress counters, turned into {@link ReconcileProgress} snapshots. `runReconcile`
 * tells it what happens (a page, a row read, a PATCH, a decision, the end of the candidates).
 */
class ProgressTracker {
  #phase: ReconcilePhase = 'query';
  #read = 0;
  #done = 0;
  #patches = 0;
  #total: { readonly value: number; readonly source: TotalSource } | undefined;
  readonly #startedAt: number;
  readonly #patchRate: RecentRate;
  readonly #decideRate: RecentRate;

  public constructor(
    private readonly clock: () => number,
    private readonly awaiting: AwaitingView,
    private readonly verifyTimeoutMs: number,
    private readonly summary: Readonly<Record<Outcome, number>>,
  ) {
    this.#startedAt = clock();
    this.#patchRate = new RecentRate(this.#startedAt);
    this.#decideRate = new RecentRate(this.#startedAt);
  }

  public selection(count: number): void {
    this.#total = { value: count, source: 'selection' };
  }

  public page(totalSize: number | undefined): void {
    if (totalSize !== undefined && this.#total?.source !== 'counted') this.#total = { value: totalSize, source: 'query-total' };
    if (this.#phase === 'query') this.#phase = 'resync';
  }

  public rowRead(): void {
    this.#read += 1;
    if (this.#phase === 'query') this.#phase = 'resync';
  }

  /** The reader yielded its last row: the total is now exact. */
  public candidatesEnded(): void {
    this.#total = { value: this.#read, source: 'counted' };
  }

  /** Every write phase is over: what is left waits for verification. */
  public writesDone(): void {
    this.#phase = 'verify';
  }

  public patchSent(): void {
    this.#patches += 1;
    this.#patchRate.add(this.clock());
  }

  public decided(): void {
    this.#done += 1;
    this.#decideRate.add(this.clock());
  }

  public snapshot(): ReconcileProgress {
    const now = this.clock();
    const decideRate = this.#decideRate.perSecond(now);
    const total = this.#total;
    const remaining = total === undefined ? undefined : Math.max(0, total.value - this.#done);
    const oldestSince = this.awaiting.oldestSince;
    return {
      phase: this.#phase,
      done: this.#done,
      ...(total ? { total: Math.max(total.value, this.#done), totalSource: total.source } : {}),
      summary: { ...this.summary },
      patchesSent: this.#patches,
      patchRate: this.#patchRate.perSecond(now),
      decideRate,
      ...(this.#phase === 'resync' && remaining !== undefined && decideRate > 0 ? { etaSeconds: Math.ceil(remaining / decideRate) } : {}),
      awaitingLanding: this.awaiting.size,
      ...(oldestSince === undefined ? {} : { oldestAwaitingMs: Math.max(0, now - oldestSince) }),
      verifyTimeoutMs: this.verifyTimeoutMs,
      elapsedMs: now - this.#startedAt,
    };
  }
}

export { ProgressTracker, RATE_WINDOW_MS, RecentRate };
export type { ReconcilePhase, ReconcileProgress, TotalSource };
