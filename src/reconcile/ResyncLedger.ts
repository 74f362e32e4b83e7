import { ledgerKey } from '../archive/archiveKeys.ts';
import type { ArchiveStore } from '../ports/ArchiveStore.ts';
import { ArchiveObjectNotFoundError } from '../errors.ts';
import type { LedgerEntry } from './ledgerTransitions.ts';

/**
 * The resync ledger, kept in the archive store next to the CTRs: one object per (VoiceCall, CTR
 * version), written before and after every PATCH, so the same version is never sent twice to the
 * same VoiceCall across runs and crashes. It only reads and saves: what an entry becomes is
 * decided by `moveLedgerEntry` (ledgerTransitions.ts).
 */
class ResyncLedger {
  public constructor(private readonly store: ArchiveStore) {}

  /** The entry for a pair, or undefined when this version was never attempted for this VoiceCall. */
  public async get(voiceCallId: string, versionId: string): Promise<LedgerEntry | undefined> {
    try {
      return JSON.parse((await this.store.get(ledgerKey(voiceCallId, versionId))).toString('utf8')) as LedgerEntry;
    } catch (error) {
      if (error instanceof ArchiveObjectNotFoundError) return undefined;
      throw error;
    }
  }

  /** Saves an entry over whatever the pair had. */
  public async save(entry: LedgerEntry): Promise<LedgerEntry> {
    await this.store.put(ledgerKey(entry.voiceCallId, entry.versionId), JSON.stringify(entry));
    return entry;
  }

  /**
   * Saves a pair's first entry only if it has none yet, so two runs over the same window (a
   * schedule and a backfill) cannot both send it. Returns false when another run got there first.
   * Atomic where the store can enforce it (S3 `If-None-Match`, a filesystem hard link).
   */
  public async claim(entry: LedgerEntry): Promise<boolean> {
    const outcome = await this.store.put(ledgerKey(entry.voiceCallId, entry.versionId), JSON.stringify(entry), { ifAbsent: true });
    return outcome === 'written';
  }
}

export { ResyncLedger };
