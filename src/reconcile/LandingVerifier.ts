import type { ExpectedValues, VoiceCallRow } from '../voicecall/voiceCallFields.ts';
import { diffVoiceCall } from '../voicecall/voiceCallFields.ts';
import { VOICECALL_READ_BATCH, type VoiceCallReader } from '../ports/VoiceCallReader.ts';

/** Settings of {@link LandingVerifier}. */
interface VerifierOptions {
  /** How long a PATCH may take to land before it counts as unconfirmed. @default 180000 */
  readonly timeoutMs: number;
  /** Pause between polls of one VoiceCall, and between the verifier's looks at what is due. @default 2000 */
  readonly intervalMs: number;
  /**
   * While watches are still being added, a VoiceCall may wait up to this long past its due time so
   * that queries go out as full {@link VOICECALL_READ_BATCH}-Id batches. @default min(timeoutMs / 4, 15000)
   */
  readonly maxHoldMs?: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onPollError?: (error: unknown) => void;
  /** Told after every look at what is due (about one an interval while anything is pending), with its counts. */
  readonly onPoll?: (poll: VerifyPoll) => void;
}

/** One look of the verifier: Ids read, seen landed, given up on, and still pending after it. */
interface VerifyPoll {
  readonly asked: number;
  readonly landed: number;
  readonly timedOut: number;
  readonly pending: number;
}

interface Pending {
  readonly expected: ExpectedValues;
  readonly since: number;
  /** When it should be read (again): one interval after it was added or last read. */
  dueAt: number;
  readonly done: (landed: boolean | undefined) => void;
}

/**
 * Confirms that asynchronous Telephony API updates landed: polls the patched VoiceCalls in
 * batches (`Id IN (...)`) until each holds the values sent, or its timeout passes. The Telephony
 * API cannot be asked for the status of an update, so reading the record back is the only proof.
 *
 * Each VoiceCall is first read one interval after its PATCH, and again an interval after each read
 * that did not see it. While the run is still sending, reads wait until a full batch of Ids is due
 * (or the oldest has been held `maxHoldMs`), so a rate-bound run costs about one query per 200
 * PATCHes; once told {@link writesDone} (or {@link close}d), the rest is read together at the next
 * look, so the end of the run is delayed by at most one interval.
 */
class LandingVerifier {
  readonly #pending = new Map<string, Pending>();
  #closed = false;
  #writesDone = false;
  #abandoned = false;
  #wake: (() => void) | undefined;

  public constructor(
    private readonly reader: VoiceCallReader,
    private readonly options: VerifierOptions,
  ) {}

  /** Number of updates still waiting to be seen. */
  public get size(): number {
    return this.#pending.size;
  }

  /** When the oldest pending update was sent (the first in insertion order), or undefined when none is. */
  public get oldestSince(): number | undefined {
    for (const pending of this.#pending.values()) return pending.since;
    return undefined;
  }

  /**
   * Waits for one VoiceCall to hold `expected`; resolves true when seen, false on timeout, and
   * undefined when verification was {@link abandon}ed before either.
   */
  public watch(voiceCallId: string, expected: ExpectedValues, since = this.options.now()): Promise<boolean | undefined> {
    return new Promise((resolve) => {
      if (this.#abandoned) return resolve(undefined);
      this.#pending.set(voiceCallId, { expected, since, dueAt: since + this.options.intervalMs, done: resolve });
      this.#wake?.();
    });
  }

  /** Stops verifying now (an interrupted run): every pending watch resolves undefined. */
  public abandon(): void {
    this.#abandoned = true;
    for (const pending of this.#pending.values()) pending.done(undefined);
    this.#pending.clear();
    this.close();
  }

  /**
   * No more PATCHes will go out, so no batch can fill up any more: reads stop waiting for full
   * batches (the rest is read within one interval). Watches for PATCHes already sent may still be
   * added until {@link close}.
   */
  public writesDone(): void {
    this.#writesDone = true;
    this.#wake?.();
  }

  /** No more watches will be added: {@link run} returns once the pending ones are settled. */
  public close(): void {
    this.#closed = true;
    this.#writesDone = true;
    this.#wake?.();
  }

  /** Polls until closed and nothing is pending. */
  public async run(): Promise<void> {
    for (;;) {
      if (this.#pending.size === 0) {
        if (this.#closed) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      await this.options.sleep(this.options.intervalMs);
      const ids = this.#dueIds();
      const { landed, timedOut } = await this.#pollOnce(ids);
      this.options.onPoll?.({ asked: ids.length, landed, timedOut, pending: this.#pending.size });
    }
  }

  /**
   * The Ids to read now. While PATCHes are still sent: full batches of due Ids, or every due one
   * once the oldest was held `maxHoldMs`. Once writes are done (or closed): every Id due within the
   * next interval, as soon as all pending ones are or the oldest has waited one interval (no batch
   * can fill up more).
   */
  #dueIds(): string[] {
    const now = this.options.now();
    const flushing = this.#writesDone;
    const horizon = flushing ? now + this.options.intervalMs : now;
    const due: string[] = [];
    let oldestDueAt = Number.POSITIVE_INFINITY;
    for (const [id, pending] of this.#pending) {
      if (pending.dueAt > horizon) continue;
      due.push(id);
      oldestDueAt = Math.min(oldestDueAt, pending.dueAt);
    }
    if (flushing) return due.length === this.#pending.size || now - oldestDueAt >= this.options.intervalMs ? due : [];
    const maxHoldMs = this.options.maxHoldMs ?? Math.min(this.options.timeoutMs / 4, 15_000);
    if (now - oldestDueAt >= maxHoldMs) return due;
    return due.slice(0, due.length - (due.length % VOICECALL_READ_BATCH));
  }

  async #pollOnce(ids: readonly string[]): Promise<{ landed: number; timedOut: number }> {
    let landed = 0;
    let timedOut = 0;
    for (let i = 0; i < ids.length; i += VOICECALL_READ_BATCH) {
      const batch = ids.slice(i, i + VOICECALL_READ_BATCH);
      let rows: VoiceCallRow[];
      try {
        rows = await this.reader.byIds(batch);
      } catch (error) {
        this.options.onPollError?.(error);
        rows = [];
      }
      const seen = new Map(rows.map((r) => [r.Id, r]));
      const now = this.options.now();
      for (const id of batch) {
        const pending = this.#pending.get(id);
        if (!pending) continue;
        const row = seen.get(id);
        if (row && diffVoiceCall(row, pending.expected).length === 0) {
          this.#pending.delete(id);
          landed += 1;
          pending.done(true);
        } else if (now - pending.since >= this.options.timeoutMs) {
          this.#pending.delete(id);
          timedOut += 1;
          pending.done(false);
        } else {
          pending.dueAt = now + this.options.intervalMs;
        }
      }
    }
    return { landed, timedOut };
  }
}

export { LandingVerifier };
export type { VerifierOptions, VerifyPoll };
