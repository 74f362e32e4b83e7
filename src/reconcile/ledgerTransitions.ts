import type { ExpectedValues } from '../voicecall/voiceCallFields.ts';
import type { CtrSource } from './planCandidate.ts';

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

/** The pair a ledger entry is about, and what the VoiceCall should hold once the PATCH landed. */
interface LedgerPair {
  readonly voiceCallId: string;
  readonly contactId: string;
  readonly versionId: string;
  readonly expected: ExpectedValues;
  /** Where the version came from (absent in entries written before sources existed: the capture). */
  readonly source?: CtrSource;
  /** A data-lake version that lacked these CTR fields: the PATCH left them out. */
  readonly partial?: true;
  readonly missingFields?: readonly string[];
}

/** One step of an entry's history. */
interface LedgerEvent {
  readonly at: string;
  readonly runId: string;
  readonly state: LedgerState;
  readonly detail?: string;
}

/** One ledger entry: the fate of one CTR version for one VoiceCall. */
interface LedgerEntry extends LedgerPair {
  readonly state: LedgerState;
  readonly history: readonly LedgerEvent[];
}

/**
 * The moves a pair may make. `sending` is entered from nothing (a claim), after a refusal
 * (`failed`), for `--retry-unconfirmed` (`unconfirmed`, `sent`, `sending`) and for a reverted
 * VoiceCall (`confirmed`, its data gone since). Verification settles `sending` (an interrupted run),
 * `sent` and `unconfirmed` (seen landed by a later run).
 */
const ALLOWED: Readonly<Record<LedgerState | 'none', readonly LedgerState[]>> = {
  none: ['sending'],
  sending: ['sending', 'sent', 'failed', 'confirmed', 'unconfirmed'],
  sent: ['sending', 'confirmed', 'unconfirmed'],
  unconfirmed: ['sending', 'confirmed'],
  confirmed: ['sending'],
  failed: ['sending'],
};

/** True when an entry may move from `from` (undefined: no entry yet) to `to`. */
function canMove(from: LedgerState | undefined, to: LedgerState): boolean {
  return ALLOWED[from ?? 'none'].includes(to);
}

/**
 * The entry after one move: a pure function, so every transition is checked in one place and
 * the store only saves what this returns.
 *
 * @param previous - the entry as read (undefined for a pair never attempted)
 * @param event - the new state, when, by which run and why
 * @param pair - the pair, when it is new or a new send replaces its `expected` values; else `previous`'s
 * @throws RangeError for a move the state machine does not allow (a bug in the caller)
 */
function moveLedgerEntry(previous: LedgerEntry | undefined, event: LedgerEvent, pair: LedgerPair | undefined = previous): LedgerEntry {
  if (!pair) throw new RangeError('A new ledger entry needs its pair');
  if (!canMove(previous?.state, event.state)) {
    throw new RangeError(`Ledger entry of ${pair.voiceCallId}/${pair.versionId} cannot move from ${previous?.state ?? 'none'} to ${event.state}`);
  }
  const step: LedgerEvent = { at: event.at, runId: event.runId, state: event.state, ...(event.detail ? { detail: event.detail } : {}) };
  return {
    voiceCallId: pair.voiceCallId,
    contactId: pair.contactId,
    versionId: pair.versionId,
    expected: pair.expected,
    ...(pair.source ? { source: pair.source } : {}),
    ...(pair.partial ? { partial: pair.partial, missingFields: pair.missingFields ?? [] } : {}),
    state: event.state,
    history: [...(previous?.history ?? []), step],
  };
}

export { canMove, moveLedgerEntry };
export type { LedgerEntry, LedgerEvent, LedgerPair, LedgerState };
