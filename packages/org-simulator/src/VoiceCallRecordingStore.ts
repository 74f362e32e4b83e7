import { canonicalId, idCounter, salesforceId } from './salesforceId.ts';
import { formatSfDateTime } from './sfDateTime.ts';

/**
 * Key prefix of the simulated VoiceCallRecording Ids. Simulator choice: no retrieved source gives
 * the object's real key prefix.
 */
const RECORDING_PREFIX = '0Lr';
const ID_COUNTER_BASE = 62 ** 5 * 7;
const VOICE_CALL_RECORDING = 'VoiceCallRecording';

/** One stored VoiceCallRecording; dateTimes as epoch ms. */
interface StoredRecording {
  voiceCallId: string;
  /** The PATCH's `recordingLocation`. The field name is the simulator's (UNVERIFIED). */
  location: string;
  /** [GUIDE]: totalRecordingDuration, by default agentInteractionDuration + totalHoldDuration. */
  durationInSeconds: number;
  readonly createdDate: number;
  lastModifiedDate: number;
}

/** A VoiceCallRecording rendered as the REST API renders records. */
interface RenderedRecording {
  readonly attributes: { readonly type: string; readonly url: string };
  readonly Id: string;
  readonly VoiceCallId: string;
  readonly RecordingLocation: string;
  readonly DurationInSeconds: number;
  readonly CreatedDate: string;
  readonly LastModifiedDate: string;
}

/**
 * The minimal VoiceCallRecording table the Telephony API PATCH fills: a real org creates a
 * VoiceCallRecording for `recordingLocation` and links it from VoiceCall.CallRecordingId
 * (scv-internals.md §2, §3.1). Not queryable by SOQL (the SOQL subset covers VoiceCall only);
 * read it through `getVoiceCallRecording` or `GET /_simulator/voicecallrecordings/{id}`.
 */
class VoiceCallRecordingStore {
  readonly #pod: string;
  readonly #rows: StoredRecording[] = [];

  /** @param pod - the 2-character pod of the org Id, reused in record Ids */
  public constructor(pod: string) {
    this.#pod = pod;
  }

  /** Number of recordings. */
  public get size(): number {
    return this.#rows.length;
  }

  #idOf(row: number): string {
    return salesforceId(RECORDING_PREFIX, this.#pod, ID_COUNTER_BASE + row);
  }

  #rowOf(id: string): number | undefined {
    const canonical = canonicalId(id);
    if (canonical === undefined || !canonical.startsWith(RECORDING_PREFIX + this.#pod) || canonical[5] !== '0') return undefined;
    const row = idCounter(canonical) - ID_COUNTER_BASE;
    return row >= 0 && row < this.#rows.length ? row : undefined;
  }

  /**
   * Creates the recording of a VoiceCall, or updates it when `existingId` names one.
   *
   * @returns the recording's Id
   */
  public upsert(existingId: string | null, voiceCallId: string, location: string, durationInSeconds: number, at: number): string {
    const row = existingId === null ? undefined : this.#rowOf(existingId);
    const current = row === undefined ? undefined : this.#rows[row];
    if (row !== undefined && current !== undefined) {
      Object.assign(current, { location, durationInSeconds, lastModifiedDate: at });
      return this.#idOf(row);
    }
    this.#rows.push({ voiceCallId, location, durationInSeconds, createdDate: at, lastModifiedDate: at });
    return this.#idOf(this.#rows.length - 1);
  }

  /** Sets the duration of an existing recording; false when `id` names none. */
  public setDuration(id: string, durationInSeconds: number, at: number): boolean {
    const row = this.#rowOf(id);
    const current = row === undefined ? undefined : this.#rows[row];
    if (current === undefined) return false;
    Object.assign(current, { durationInSeconds, lastModifiedDate: at });
    return true;
  }

  /** A recording rendered with all its fields, or `undefined`. */
  public get(id: string, apiVersion: string): RenderedRecording | undefined {
    const row = this.#rowOf(id);
    const r = row === undefined ? undefined : this.#rows[row];
    if (row === undefined || r === undefined) return undefined;
    const recordingId = this.#idOf(row);
    return {
      attributes: { type: VOICE_CALL_RECORDING, url: `/services/data/${apiVersion}/sobjects/${VOICE_CALL_RECORDING}/${recordingId}` },
      Id: recordingId,
      VoiceCallId: r.voiceCallId,
      RecordingLocation: r.location,
      DurationInSeconds: r.durationInSeconds,
      CreatedDate: formatSfDateTime(r.createdDate),
      LastModifiedDate: formatSfDateTime(r.lastModifiedDate),
    };
  }
}

export { VoiceCallRecordingStore };
export type { RenderedRecording };
