import type { CtrArchive } from '../archive/CtrArchive.ts';
import type { DependencyRefusedError } from '../errors.ts';
import type { DecisionManifests } from './DecisionManifests.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import { type LedgerEntry, type LedgerPair, type LedgerState, moveLedgerEntry } from './ledgerTransitions.ts';
import {
  type ArchivedVersion,
  contactIdOf,
  type PlanFlags,
  planCandidate,
  type ReconcileAction,
  settleAwaited,
  settlePatch,
} from './planCandidate.ts';
import type { RecordResult } from './ReconcileReport.ts';
import type { ResyncLedger } from './ResyncLedger.ts';
import type { ExpectedValues, VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/** How one PATCH ended, as the write step saw it (after its retries). */
type WriteOutcome =
  | { readonly kind: 'accepted' }
  /** The request may have reached Salesforce but its answer was lost: never resend; verify. */
  | { readonly kind: 'answer-lost'; readonly detail: string }
  /** Refused (or never sent): it was not applied. `stopRun` when no later PATCH can succeed either. */
  | { readonly kind: 'refused'; readonly error: { readonly code: string; readonly message: string }; readonly stopRun?: DependencyRefusedError };

/** What reconciling one VoiceCall needs: the ports, the run's write and verify steps, the flags. */
interface ReconcileContext {
  /** `latestRebuilt` (optional) is asked only when no captured version exists: a data-lake rebuild never shadows a capture. */
  readonly archive: Pick<CtrArchive, 'latest'> & Partial<Pick<CtrArchive, 'latestRebuilt'>>;
  readonly ledger: Pick<ResyncLedger, 'get' | 'save' | 'claim'>;
  /** Sends one PATCH, paced and retried by the run's one retry policy. */
  readonly write: (voiceCallId: string, fields: TelephonyPatchFields) => Promise<WriteOutcome>;
  /** Resolves true once the VoiceCall holds `expected`, false when verification gives up, undefined when the run was interrupted first. */
  readonly awaitLanding: (voiceCallId: string, expected: ExpectedValues) => Promise<boolean | undefined>;
  readonly flags: PlanFlags;
  /** Decisions remembered across runs (a batch run's); without it every candidate is decided afresh. */
  readonly decisions?: Pick<DecisionManifests, 'recall' | 'remember'>;
  readonly runId: string;
  /** Wall clock, for ledger timestamps. */
  readonly now: () => Date;
}

/** A candidate whose write phase is over; `settled` resolves to its record once it is verified. */
interface Started {
  readonly settled: Promise<RecordResult>;
}

/** The newest captured version, else (only then) the newest version rebuilt from the data lake. */
async function newestVersion(contactId: string | undefined, ctx: ReconcileContext): Promise<ArchivedVersion | undefined> {
  if (contactId === undefined) return undefined;
  const found = await ctx.archive.latest(contactId);
  if (found) return { ctr: found.ctr, versionId: found.version.versionId, source: 'capture' };
  const rebuilt = await ctx.archive.latestRebuilt?.(contactId);
  return rebuilt ? { ctr: rebuilt.ctr, versionId: rebuilt.versionId, source: 'data-lake', missing: rebuilt.missing } : undefined;
}

/** Reads what the planner needs about one VoiceCall: its newest archived version (with its source) and that version's ledger entry. */
async function lookUp(row: VoiceCallRow, ctx: ReconcileContext): Promise<ReconcileAction> {
  const latest = await newestVersion(contactIdOf(row), ctx);
  const ledger = latest ? await ctx.ledger.get(row.Id, latest.versionId) : undefined;
  return planCandidate({ ...ctx.flags, row, latest, ledger });
}

/**
 * {@link lookUp}, unless a decision remembered by an earlier run still holds (one LIST instead of
 * LIST + GET + ledger GET); a fresh decision is remembered for the next run.
 */
async function lookUpOrRecall(row: VoiceCallRow, ctx: ReconcileContext): Promise<ReconcileAction> {
  if (!ctx.decisions) return lookUp(row, ctx);
  const recalled = await ctx.decisions.recall(row);
  if (recalled) return { kind: 'report', result: recalled };
  const action = await lookUp(row, ctx);
  await ctx.decisions.remember(row, action);
  return action;
}

/** The entry after one move, stamped with this run and the time. */
function move(ctx: ReconcileContext, previous: LedgerEntry | undefined, state: LedgerState, detail?: string, pair?: LedgerPair): LedgerEntry {
  return moveLedgerEntry(previous, { at: ctx.now().toISOString(), runId: ctx.runId, state, ...(detail ? { detail } : {}) }, pair ?? previous);
}

/**
 * Waits for a sent PATCH to land and records the verdict in the ledger. An interrupted wait records
 * nothing: the entry stays `sent`, so the next run verifies it again (and never resends it).
 */
async function verify(ctx: ReconcileContext, entry: LedgerEntry, detail?: string): Promise<boolean | undefined> {
  const landed = await ctx.awaitLanding(entry.voiceCallId, entry.expected);
  if (landed !== undefined) await ctx.ledger.save(move(ctx, entry, landed ? 'confirmed' : 'unconfirmed', detail));
  return landed;
}

/** Claims the pair (or moves its entry to `sending`), sends the PATCH and records how it went. */
async function send(ctx: ReconcileContext, action: Extract<ReconcileAction, { kind: 'patch' }>): Promise<Started> {
  const why = action.reason === 'missing' || action.reason === 'stale' ? undefined : action.reason;
  const sending = move(ctx, action.previous, 'sending', why, action.pair);
  if (action.previous) await ctx.ledger.save(sending);
  else if (!(await ctx.ledger.claim(sending))) return { settled: Promise.resolve(settlePatch(action, { kind: 'claimed-elsewhere' })) };

  const written = await ctx.write(action.pair.voiceCallId, action.fields);
  if (written.kind === 'refused') {
    await ctx.ledger.save(move(ctx, sending, 'failed', written.error.message));
    if (written.stopRun) throw written.stopRun;
    return { settled: Promise.resolve(settlePatch(action, { kind: 'refused', error: written.error })) };
  }
  const sent = await ctx.ledger.save(move(ctx, sending, 'sent', written.kind === 'answer-lost' ? written.detail : undefined));
  return {
    settled: verify(ctx, sent).then((landed) => settlePatch(action, landed === undefined ? { kind: 'interrupted' } : { kind: 'verified', landed })),
  };
}

/**
 * Reconciles one VoiceCall up to the end of its write: looks up its newest archived CTR and
 * ledger entry, lets the planner decide, and carries the decision out (claim, write, record).
 * The returned `settled` resolves once the PATCH is verified (or verification gave up), so a
 * batch can release the write slot while the record settles.
 *
 * @throws DependencyRefusedError after recording the refusal, when the run must stop; whatever a
 *   port throws (archive or ledger unreachable): the caller reports the VoiceCall as failed
 */
async function startReconcile(row: VoiceCallRow, ctx: ReconcileContext): Promise<Started> {
  const action = await lookUpOrRecall(row, ctx);
  switch (action.kind) {
    case 'report':
      return { settled: Promise.resolve(action.result) };
    case 'confirm':
      await ctx.ledger.save(move(ctx, action.entry, 'confirmed', 'seen landed by a later run'));
      return { settled: Promise.resolve(action.result) };
    case 'await-landing':
      return { settled: verify(ctx, action.entry, 'verified after an interrupted run').then((landed) => settleAwaited(action, landed)) };
    case 'patch':
      return send(ctx, action);
  }
}

/**
 * Reconciles one VoiceCall end to end with the same rules, ledger and verification as a batch
 * run: the entry point for the batch, for tests and for an event-driven checker.
 */
async function reconcileVoiceCall(row: VoiceCallRow, ctx: ReconcileContext): Promise<RecordResult> {
  return (await startReconcile(row, ctx)).settled;
}

export { reconcileVoiceCall, startReconcile };
export type { ReconcileContext, Started, WriteOutcome };
