import type { ExpectedValues, VoiceCallRow } from './voiceCallFields.ts';
import { diffVoiceCall } from './voiceCallFields.ts';
import { VOICECALL_READ_BATCH, type VoiceCallReader } from './VoiceCallReader.ts';

/** Settings of {@link LandingVerifier}. */
interface VerifierOptions {
  /** How long a PATCH may take to land before it counts as unconfirmed. @default 180000 */
  readonly timeoutMs: number;
  /** Pause between polls. @default 2000 */
  readonly intervalMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onPollError?: (error: unknown) => void;
}

interface Pending {
  readonly expected: ExpectedValues;
  readonly since: number;
  readonly done: (landed: boolean) => void;
}

/**
 * Confirms that asynchronous Telephony API updates landed: polls the patched VoiceCalls in
 * batches (`Id IN (...)`) until each holds the values sent, or its timeout passes. The Telephony
 * API cannot be asked for the status of an update, so reading the record back is the only proof.
 */
class LandingVerifier {
  readonly #pending = new Map<string, Pending>();
  #closed = false;
  #wake: (() => void) | undefined;

  public constructor(
    private readonly reader: VoiceCallReader,
    private readonly options: VerifierOptions,
  ) {}

  /** Number of updates still waiting to be seen. */
  public get size(): number {
    return this.#pending.size;
  }

  /** Waits for one VoiceCall to hold `expected`; resolves true when seen, false on timeout. */
  public watch(voiceCallId: string, expected: ExpectedValues, since = this.options.now()): Promise<boolean> {
    return new Promise((resolve) => {
      this.#pending.set(voiceCallId, { expected, since, done: resolve });
      this.#wake?.();
    });
  }

  /** No more watches will be added: {@link run} returns once the pending ones are settled. */
  public close(): void {
    this.#closed = true;
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
      await this.#pollOnce();
    }
  }

  async #pollOnce(): Promise<void> {
    const ids = [...this.#pending.keys()];
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
          pending.done(true);
        } else if (now - pending.since >= this.options.timeoutMs) {
          this.#pending.delete(id);
          pending.done(false);
        }
      }
    }
  }
}

export { LandingVerifier };
export type { VerifierOptions };
