/**
 * In-memory fakes of the product's ports, for unit tests of the engine: an archive store, and a
 * tiny org that is both the VoiceCall reader and the VoiceCall writer. They keep each port's
 * contract (ordered listing, `ifAbsent`, batched reads) and nothing else; integration tests use
 * the real adapters over HTTP.
 */
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../../src/ports/ArchiveStore.ts';
import { ArchiveObjectNotFoundError, VoiceCallWriteError } from '../../src/errors.ts';
import type { CandidateQuery, VoiceCallReader } from '../../src/ports/VoiceCallReader.ts';
import { expectedValues, type VoiceCallRow } from '../../src/voicecall/voiceCallFields.ts';
import type { TelephonyPatchFields } from '../../src/transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../../src/ports/VoiceCallWriter.ts';

/** An {@link ArchiveStore} in a Map; `ifAbsent` is honoured atomically. */
class InMemoryArchiveStore implements ArchiveStore {
  public readonly location = 'memory://archive/';
  public readonly ifAbsentSupport = 'enforced';
  public readonly objects = new Map<string, Buffer>();
  public puts = 0;

  public async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    this.puts += 1;
    if (options?.ifAbsent && this.objects.has(key)) return 'exists';
    this.objects.set(key, Buffer.from(body));
    return 'written';
  }

  public async get(key: string): Promise<Buffer> {
    const body = this.objects.get(key);
    if (!body) throw new ArchiveObjectNotFoundError(key);
    return body;
  }

  public async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  public async *list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (!options?.startAfter || k > options.startAfter)).sort();
    for (const key of keys) yield { key, size: this.objects.get(key)?.length ?? 0 };
  }
}

/** What the fake org does with the next PATCHes it receives. */
type PatchFate = 'apply' | 'lose' | 'answer-lost' | { readonly refuse: number };

/**
 * A fake org holding VoiceCall rows: reads them like the SOQL reader and applies PATCHes like
 * the Telephony API would (through `expectedValues`), or loses, refuses or "loses the answer of"
 * them as scripted by {@link InMemoryOrg.fates}.
 */
class InMemoryOrg implements VoiceCallReader, VoiceCallWriter {
  public readonly rows = new Map<string, VoiceCallRow>();
  /** Fates of the next PATCHes, in order; `apply` once the list is empty. */
  public readonly fates: PatchFate[] = [];
  public readonly patches: { readonly voiceCallId: string; readonly fields: TelephonyPatchFields }[] = [];
  public byIdsCalls = 0;

  public constructor(rows: readonly VoiceCallRow[] = []) {
    for (const row of rows) this.rows.set(row.Id, row);
  }

  public async *candidates(query: CandidateQuery): AsyncIterable<VoiceCallRow> {
    for (const row of this.rows.values()) {
      const start = Date.parse(row.CallStartDateTime ?? '');
      if (start >= query.from.getTime() && start < query.to.getTime()) yield row;
    }
  }

  public async byIds(ids: readonly string[]): Promise<VoiceCallRow[]> {
    this.byIdsCalls += 1;
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }

  public async byVendorCallKeys(keys: readonly string[]): Promise<VoiceCallRow[]> {
    return [...this.rows.values()].filter((row) => row.VendorCallKey !== null && keys.includes(row.VendorCallKey));
  }

  public async updateVoiceCall(voiceCallId: string, fields: TelephonyPatchFields): Promise<void> {
    this.patches.push({ voiceCallId, fields });
    const fate = this.fates.shift() ?? 'apply';
    if (typeof fate === 'object')
      throw new VoiceCallWriteError(voiceCallId, `PATCH refused with HTTP ${fate.refuse}`, {
        status: fate.refuse,
        retryable: fate.refuse === 429 || fate.refuse === 503,
      });
    if (fate === 'lose') return;
    const row = this.rows.get(voiceCallId);
    if (row) this.rows.set(voiceCallId, { ...row, ...expectedValues(fields) } as VoiceCallRow);
    if (fate === 'answer-lost') {
      throw new VoiceCallWriteError(voiceCallId, 'PATCH lost its answer; it may have been applied', {
        failure: { kind: 'lost-answer', retryable: false, mayHaveBeenApplied: true },
      });
    }
  }
}

export { InMemoryArchiveStore, InMemoryOrg };
export type { PatchFate };
