/** How a telephony request ended, as far as the simulator knows. */
type TelephonyOutcome =
  /** Answered `pending`; the update is scheduled. */
  | 'pending'
  /** Applied to an existing VoiceCall. */
  | 'applied'
  /** Applied by creating a VoiceCall (unknown vendor call key). */
  | 'created'
  /** Answered `pending` but deliberately never applied (lostApplyFraction). */
  | 'lost'
  /** Answered `pending`, but no VoiceCall has that Id. */
  | 'not-found'
  /** Refused with an error status (auth, rate limit, bad body, injected fault). */
  | 'rejected'
  /** Connection destroyed without an answer (injected fault). */
  | 'dropped';

/** One telephony PATCH as received and handled. */
interface TelephonyLogEntry {
  readonly seq: number;
  readonly receivedAt: string;
  /** The `{id}` path segment: a VoiceCall Id or a vendor call key. */
  readonly id: string;
  /** The parsed JSON body (or the raw text when it was not JSON). */
  readonly body: unknown;
  /** HTTP status answered (0 when the connection was dropped). */
  status: number;
  outcome: TelephonyOutcome;
  /** The VoiceCall written, once applied. */
  voiceCallId?: string;
  appliedAt?: string;
  /** The error answered, for rejected requests. */
  error?: string;
  /** Body properties accepted but not modelled, and callAttributes keys that matched no custom field. */
  ignored?: readonly string[];
}

/** The last `limit` telephony requests, oldest first (what `GET /_simulator/telephony-log` shows). */
class TelephonyLog {
  #entries: TelephonyLogEntry[] = [];
  #seq = 0;
  #dropped = 0;

  /**
   * Records a request; the entry stays mutable so later stages can fill in status and outcome.
   *
   * @param limit - entries kept; older ones are discarded
   */
  public add(id: string, body: unknown, receivedAt: Date, limit: number): TelephonyLogEntry {
    this.#seq += 1;
    const entry: TelephonyLogEntry = { seq: this.#seq, receivedAt: receivedAt.toISOString(), id, body, status: 0, outcome: 'pending' };
    this.#entries.push(entry);
    if (this.#entries.length > limit) {
      const excess = this.#entries.length - limit;
      this.#entries.splice(0, excess);
      this.#dropped += excess;
    }
    return entry;
  }

  /** Entries with `seq` greater than `since` (all when omitted). */
  public entries(since = 0): readonly TelephonyLogEntry[] {
    return since <= 0 ? [...this.#entries] : this.#entries.filter((e) => e.seq > since);
  }

  /** Entries discarded because of the limit. */
  public get discarded(): number {
    return this.#dropped;
  }
}

export { TelephonyLog };
export type { TelephonyLogEntry, TelephonyOutcome };
