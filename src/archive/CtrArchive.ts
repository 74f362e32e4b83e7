import { createHash } from 'node:crypto';
import { ARCHIVE_PREFIXES } from '../constants.ts';
import type { ParsedCtr } from '../ctr/ContactTraceRecord.ts';
import { parseCtr } from '../ctr/parseCtr.ts';
import { validateContactId } from '../ctr/validateContactId.ts';
import type { MalformedReason } from '../errors.ts';
import type { ArchiveStore } from '../ports/ArchiveStore.ts';
import {
  type IndexedContact,
  compactTimestamp,
  contactPrefix,
  daysInWindow,
  initiationDayPrefix,
  initiationIndexKey,
  parseInitiationIndexKey,
  parseVersionKey,
  quarantineDayPrefix,
  quarantineKey,
  versionKey,
} from './archiveKeys.ts';
import { latestRebuilt, putRebuilt, type RebuiltCtrInput, rebuiltVersions } from './rebuiltVersions.ts';

/** One stored version of a contact's CTR. */
interface CtrVersionInfo {
  readonly key: string;
  readonly contactId: string;
  readonly lastUpdateTimestamp: string;
  readonly versionId: string;
  readonly size: number;
}

/** Where a quarantined record came from (no payload, no PII). */
type QuarantineSource =
  | { readonly kind: 'kinesis'; readonly eventId?: string; readonly sequenceNumber?: string; readonly eventSourceArn?: string }
  | { readonly kind: 'file'; readonly path: string; readonly index: number; readonly offset?: number };

/** What the archive keeps for a record it could not accept as a CTR. */
interface QuarantineInput {
  readonly raw: Uint8Array;
  readonly reason: MalformedReason;
  readonly message: string;
  /** ISO time the record arrived (Kinesis approximate arrival time, or import time). */
  readonly receivedAt: string;
  readonly source: QuarantineSource;
  /** The record's full size when `raw` is only its first bytes (a `too-large` record, long garbage). */
  readonly originalSize?: number;
}

/** A quarantined record as listed (its raw bytes stay in the object). */
interface QuarantinedRecord {
  readonly key: string;
  readonly day: string;
  readonly size: number;
}

/** Outcome of storing one CTR version. */
interface StoreResult {
  readonly outcome: 'stored' | 'duplicate';
  readonly key: string;
}

/** Where a version came from: the capture (stream or file import) or a rebuild from the data lake. */
type ArchivedSource = 'capture' | 'data-lake';

/** The version a lookup settles on, with its source (and, for a rebuilt one, what the data lake lacked). */
interface SourcedVersion {
  readonly versionId: string;
  readonly ctr: ParsedCtr;
  readonly source: ArchivedSource;
  /** CTR fields the data lake could not supply (data-lake versions only; empty when complete). */
  readonly missing: readonly string[];
}

/** A time window [from, to). */
interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

/**
 * The CTR archive: every distinct CTR version stored once under a deterministic key, a time index
 * for window listings, and a quarantine for malformed records. Written once over any
 * {@link ArchiveStore}, so the S3 and filesystem adapters share every rule here.
 */
class CtrArchive {
  /** Writes in flight by version key: a concurrent copy of the same version waits and counts as a duplicate. */
  readonly #inFlight = new Map<string, Promise<StoreResult>>();
  /** Learnt from the first version write when the store says `detect` (or nothing). */
  #ifAbsentMode: 'enforced' | 'ignored' | undefined;
  #detecting = false;

  public constructor(public readonly store: ArchiveStore) {}

  /** Human-readable location of the underlying store. */
  public get location(): string {
    return this.store.location;
  }

  /**
   * Stores a CTR version (idempotent). The version write and the index entry go out together (one
   * round trip, not two). A crash between them leaves either a version with no index entry or an
   * index entry whose version is not written yet; the retry of the record repairs both, because it
   * always rewrites the index entry and the version write is write-if-absent. Where the store
   * enforces write-if-absent (S3's `If-None-Match: *`, the folder store's hard link) the version
   * costs one request and a 412 means duplicate; where it does not (local S3-compatible servers),
   * a HEAD decides first, as before. Which of the two holds is learnt from the first write.
   */
  public async put(ctr: ParsedCtr): Promise<StoreResult> {
    const key = versionKey(ctr);
    const pending = this.#inFlight.get(key);
    if (pending) {
      await pending;
      return { outcome: 'duplicate', key };
    }
    const write = this.#write(ctr, key);
    this.#inFlight.set(key, write);
    try {
      return await write;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  async #write(ctr: ParsedCtr, key: string): Promise<StoreResult> {
    const indexBody = JSON.stringify({ contactId: ctr.contactId, initiationTimestamp: ctr.initiationTimestamp ?? null });
    const [outcome] = await Promise.all([this.#writeVersion(ctr, key), this.store.put(initiationIndexKey(ctr), indexBody)]);
    return { outcome, key };
  }

  async #writeVersion(ctr: ParsedCtr, key: string): Promise<StoreResult['outcome']> {
    const mode = this.#ifAbsentMode ?? this.store.ifAbsentSupport ?? 'detect';
    if (mode === 'enforced') return (await this.store.put(key, ctr.raw, { ifAbsent: true })) === 'written' ? 'stored' : 'duplicate';
    if (mode === 'ignored' || this.#detecting) {
      if (await this.store.exists(key)) return 'duplicate';
      return (await this.store.put(key, ctr.raw, { ifAbsent: true })) === 'written' ? 'stored' : 'duplicate';
    }
    // Learn once whether the store enforces write-if-absent: write this version, then ask for the
    // same write again. A store that enforces it answers 'exists'; one that ignores it rewrites the
    // identical bytes (harmless: the key is derived from the content).
    this.#detecting = true;
    try {
      const first = await this.store.put(key, ctr.raw, { ifAbsent: true });
      if (first === 'exists') {
        this.#ifAbsentMode = 'enforced';
        return 'duplicate';
      }
      this.#ifAbsentMode = (await this.store.put(key, ctr.raw, { ifAbsent: true })) === 'exists' ? 'enforced' : 'ignored';
      return 'stored';
    } finally {
      this.#detecting = false;
    }
  }

  /** Whether the store enforces write-if-absent, once learnt (see {@link put}). */
  public get ifAbsentMode(): 'enforced' | 'ignored' | undefined {
    return this.#ifAbsentMode ?? (this.store.ifAbsentSupport === 'detect' ? undefined : this.store.ifAbsentSupport);
  }

  /** Every stored version of a contact, newest first (LastUpdateTimestamp, then content hash). */
  public async versions(contactId: string): Promise<CtrVersionInfo[]> {
    const found: CtrVersionInfo[] = [];
    for await (const object of this.store.list(contactPrefix(contactId))) {
      const parts = parseVersionKey(object.key);
      if (parts && parts.contactId === contactId) found.push({ ...parts, key: object.key, size: object.size });
    }
    return found.sort((a, b) => (a.versionId < b.versionId ? 1 : a.versionId > b.versionId ? -1 : 0));
  }

  /** Reads and parses one stored version. */
  public async read(version: Pick<CtrVersionInfo, 'key'>): Promise<ParsedCtr> {
    return parseCtr(await this.store.get(version.key));
  }

  /** True when at least one CTR version is stored (a location with none is most likely a typo). */
  public async holdsVersions(): Promise<boolean> {
    for await (const _ of this.store.list(ARCHIVE_PREFIXES.versions)) return true;
    return false;
  }

  /** True when at least one CTR rebuilt from the data lake is stored (a backfill before any capture). */
  public async holdsRebuilt(): Promise<boolean> {
    for await (const _ of this.store.list(ARCHIVE_PREFIXES.rebuiltDataLake)) return true;
    return false;
  }

  /** The newest stored version of a contact, or undefined when none is archived. */
  public async latest(contactId: string): Promise<{ version: CtrVersionInfo; ctr: ParsedCtr } | undefined> {
    const [newest] = await this.versions(validateContactId(contactId));
    return newest ? { version: newest, ctr: await this.read(newest) } : undefined;
  }

  /**
   * Stores a CTR rebuilt from the data lake under `rebuilt/data-lake/` (idempotent). It never
   * enters `ctr/` or the time index, so it can never shadow a captured version nor hide a capture gap.
   */
  public async putRebuilt(input: RebuiltCtrInput): Promise<{ outcome: 'stored' | 'duplicate'; key: string; versionId: string }> {
    return putRebuilt(this.store, input);
  }

  /** The newest rebuilt (data-lake) version of a contact, ignoring captured ones; undefined when none. */
  public async latestRebuilt(contactId: string): Promise<SourcedVersion | undefined> {
    const found = await latestRebuilt(this.store, contactId);
    return found ? { versionId: found.version.versionId, ctr: found.ctr, source: 'data-lake', missing: found.missing } : undefined;
  }

  /**
   * The version reconcile should use: the newest captured one whenever any exists (whatever the
   * data lake holds), else the newest rebuilt one. A captured contact costs what {@link latest}
   * costs (one LIST + one GET); only a contact with no captured version pays one more LIST (and
   * the GET) of its rebuilt prefix.
   */
  public async latestFromAnySource(contactId: string): Promise<SourcedVersion | undefined> {
    const captured = await this.latest(contactId);
    if (captured) return { versionId: captured.version.versionId, ctr: captured.ctr, source: 'capture', missing: [] };
    return this.latestRebuilt(contactId);
  }

  /**
   * The id of the version {@link latestFromAnySource} would return, without reading it: one LIST
   * of the captured prefix, and one more of the rebuilt prefix only when nothing was captured.
   * What a remembered reconcile decision is checked against.
   */
  public async newestVersionId(contactId: string): Promise<string | undefined> {
    const [captured] = await this.versions(contactId);
    if (captured) return captured.versionId;
    const [rebuilt] = await rebuiltVersions(this.store, contactId);
    return rebuilt?.versionId;
  }

  /**
   * Contacts whose InitiationTimestamp (or LastUpdateTimestamp, for records without one) lies in
   * [from, to), in time order, each once. Lists only the day partitions of the window, the first
   * from the window's start (a listing's `startAfter`), so a piece of a day costs what it holds.
   */
  public async *contactsInWindow(window: TimeWindow): AsyncGenerator<IndexedContact> {
    const fromIso = window.from.toISOString();
    const toIso = window.to.toISOString();
    const seen = new Set<string>();
    for (const [n, day] of daysInWindow(window.from, window.to).entries()) {
      // Index keys are `<compact InitiationTimestamp>_<CHANNEL>_<ContactId>`: any key at or after
      // the window's start sorts after its compact timestamp alone.
      const startAfter = n === 0 ? `${initiationDayPrefix(day)}${compactTimestamp(fromIso)}` : undefined;
      for await (const object of this.store.list(initiationDayPrefix(day), startAfter === undefined ? undefined : { startAfter })) {
        const entry = parseInitiationIndexKey(object.key);
        if (!entry || entry.initiationTimestamp < fromIso) continue;
        if (entry.initiationTimestamp >= toIso) return;
        if (seen.has(entry.contactId)) continue;
        seen.add(entry.contactId);
        yield entry;
      }
    }
  }

  /** Writes a malformed record with its reason and raw bytes; idempotent per (day, bytes), or per (day, bytes, size, source) for a truncated copy. */
  public async quarantine(input: QuarantineInput): Promise<{ key: string }> {
    const sha256 = createHash('sha256').update(input.raw).digest('hex');
    // A truncated copy does not identify its record (two large records may share their first bytes):
    // its key also hashes the full size and where it came from, so each gets its own object.
    const identity =
      input.originalSize === undefined
        ? sha256
        : createHash('sha256')
            .update(input.raw)
            .update(JSON.stringify({ size: input.originalSize, source: input.source }))
            .digest('hex');
    const key = quarantineKey(input.receivedAt, identity);
    const body = JSON.stringify({
      reason: input.reason,
      message: input.message,
      receivedAt: input.receivedAt,
      source: input.source,
      sizeBytes: input.raw.byteLength,
      ...(input.originalSize !== undefined ? { originalSizeBytes: input.originalSize, truncatedCopy: true } : {}),
      sha256,
      rawBase64: Buffer.from(input.raw).toString('base64'),
    });
    await this.store.put(key, body);
    return { key };
  }

  /** Quarantined records whose arrival day overlaps the window. */
  public async *quarantinedInWindow(window: TimeWindow): AsyncGenerator<QuarantinedRecord> {
    for (const day of daysInWindow(window.from, window.to)) {
      for await (const object of this.store.list(quarantineDayPrefix(day))) {
        yield { key: object.key, day, size: object.size };
      }
    }
  }
}

export { CtrArchive };
export type { ArchivedSource, SourcedVersion, CtrVersionInfo, QuarantinedRecord, QuarantineInput, QuarantineSource, StoreResult, TimeWindow };
