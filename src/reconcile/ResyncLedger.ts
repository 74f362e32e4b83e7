import { ARCHIVE_PREFIXES } from '../constants.ts';
import { isVersionId } from '../archive/archiveKeys.ts';
import type { ArchiveStore } from '../archive/ArchiveStore.ts';
import { ArchiveObjectNotFoundError, InvalidIdentifierError } from '../errors.ts';
import { validateSalesforceId } from '../validation/salesforceId.ts';
import type { ExpectedValues } from './voiceCallFields.ts';

/**
 * Where a (VoiceCall, CTR version) pair stands:
 * - `sending`: written just before the PATCH; if a run dies here, whether the PATCH went out is
 *   unknown, so the next run only verifies and never sends again on its own.
 * - `sent`: the Telephony API accepted the PATCH (`pending`), or the answer was lost in transit.
 * - `confirmed`: the VoiceCall was seen holding the sent values.
 * - `unconfirmed`: verification timed out; only `--retry-unconfirmed` sends this version again.
 * - `failed`: the PATCH was refused (an HTTP error answer): it was never applied, so a later run
 *   may send it.
 */
type LedgerState = 'sending' | 'sent' | 'confirmed' | 'unconfirmed' | 'failed';

/** One ledger entry: the fate of one CTR version for one VoiceCall. */
interface LedgerEntry {
  readonly voiceCallId: string;
  readonly contactId: string;
  readonly versionId: string;
  readonly state: LedgerState;
  readonly expected: ExpectedValues;
  readonly history: readonly { readonly at: string; readonly runId: string; readonly state: LedgerState; readonly detail?: string }[];
}

function entryKey(voiceCallId: string, versionId: string): string {
  validateSalesforceId(voiceCallId, { kind: 'VoiceCall Id' });
  if (!isVersionId(versionId)) throw new InvalidIdentifierError('CTR version', `Not a CTR version id: ${JSON.stringify(versionId.slice(0, 40))}`);
  return `${ARCHIVE_PREFIXES.ledger}${voiceCallId}/${versionId}.json`;
}

/**
 * The resync ledger, kept in the archive store next to the CTRs: one object per (VoiceCall, CTR
 * version), written before and after every PATCH, so the same version is never sent twice to the
 * same VoiceCall across runs and crashes.
 */
class ResyncLedger {
  public constructor(private readonly store: ArchiveStore) {}

  /** The entry for a pair, or undefined when this version was never attempted for this VoiceCall. */
  public async get(voiceCallId: string, versionId: string): Promise<LedgerEntry | undefined> {
    try {
      return JSON.parse((await this.store.get(entryKey(voiceCallId, versionId))).toString('utf8')) as LedgerEntry;
    } catch (error) {
      if (error instanceof ArchiveObjectNotFoundError) return undefined;
      throw error;
    }
  }

  /** Moves a pair to a new state, appending to its history. */
  public async record(
    previous: LedgerEntry | undefined,
    next: { voiceCallId: string; contactId: string; versionId: string; expected: ExpectedValues },
    state: LedgerState,
    event: { at: string; runId: string; detail?: string },
  ): Promise<LedgerEntry> {
    const entry = this.#entry(previous, next, state, event);
    await this.store.put(entryKey(next.voiceCallId, next.versionId), JSON.stringify(entry));
    return entry;
  }

  /**
   * Claims a pair that has no entry yet by creating it only if absent, so two runs over the same
   * window (a schedule and a backfill) cannot both send it. Returns undefined when another run got
   * there first. Atomic where the store can enforce it (S3 `If-None-Match`, a filesystem hard link).
   */
  public async claim(
    next: { voiceCallId: string; contactId: string; versionId: string; expected: ExpectedValues },
    event: { at: string; runId: string; detail?: string },
  ): Promise<LedgerEntry | undefined> {
    const entry = this.#entry(undefined, next, 'sending', event);
    const outcome = await this.store.put(entryKey(next.voiceCallId, next.versionId), JSON.stringify(entry), { ifAbsent: true });
    return outcome === 'written' ? entry : undefined;
  }

  #entry(
    previous: LedgerEntry | undefined,
    next: { voiceCallId: string; contactId: string; versionId: string; expected: ExpectedValues },
    state: LedgerState,
    event: { at: string; runId: string; detail?: string },
  ): LedgerEntry {
    return {
      voiceCallId: next.voiceCallId,
      contactId: next.contactId,
      versionId: next.versionId,
      expected: next.expected,
      state,
      history: [...(previous?.history ?? []), { at: event.at, runId: event.runId, state, ...(event.detail ? { detail: event.detail } : {}) }],
    };
  }
}

export { ResyncLedger };
export type { LedgerEntry, LedgerState };
