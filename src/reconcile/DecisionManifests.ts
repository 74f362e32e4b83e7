import type { CtrArchive } from '../archive/CtrArchive.ts';
import { decisionManifestKey, utcDay } from '../archive/archiveKeys.ts';
import { ArchiveObjectNotFoundError } from '../errors.ts';
import type { ArchiveStore } from '../ports/ArchiveStore.ts';
import {
  type CachedDecision,
  cachedDecision,
  parseDecisionManifest,
  reuseDecision,
  rowFingerprint,
  serializeDecisionManifest,
} from './cachedDecision.ts';
import { contactIdOf, type ReconcileAction, type ReconcileMode } from './planCandidate.ts';
import type { RecordResult } from './ReconcileReport.ts';
import type { VoiceCallRow } from '../voicecall/voiceCallFields.ts';

/** How the manifests of one run behave. */
interface DecisionManifestsOptions {
  readonly mode: ReconcileMode;
  /** `decisionScope(flags)`: manifests of another scope are ignored (and replaced when written). */
  readonly scope: string;
  /** False for a dry run: remembered decisions are reused, nothing is written. */
  readonly write: boolean;
  readonly log?: { warn(msg: string, fields?: Record<string, unknown>): void };
}

/** One day's decisions as this run sees them. */
interface DayDecisions {
  readonly decisions: Map<string, CachedDecision>;
  changed: boolean;
}

/** What the manifests did in one run. */
interface DecisionCacheStats {
  /** Candidates answered from a remembered decision (one LIST of the contact's versions each). */
  reused: number;
  /** Manifests read (one GET each, 404 included) and written (one PUT each). */
  manifestsRead: number;
  manifestsWritten: number;
}

/**
 * Reconcile decisions remembered across runs in per-day manifests, `decisions/<mode>/<day>.json`
 * in the archive store (day = the VoiceCall's CallStartDateTime in UTC): one GET per day of the
 * window when first needed, one PUT per changed day at the end of the run. A remembered decision
 * costs its candidate one LIST of `ctr/<ContactId>/` (the newest version id must be unchanged; a
 * contact with no captured version pays one more LIST, of its data-lake prefix)
 * instead of LIST + GET of the CTR + GET of the ledger. The manifests are only a hint: every entry
 * is checked against the VoiceCall's fields and the archive before it is reused, so a manifest
 * lost to a concurrent run's write, or stale, costs a fresh decision, never a wrong one.
 */
class DecisionManifests {
  public readonly stats: DecisionCacheStats = { reused: 0, manifestsRead: 0, manifestsWritten: 0 };
  readonly #days = new Map<string, Promise<DayDecisions>>();
  /** Candidates of each day entered and not yet decided. */
  readonly #open = new Map<string, number>();
  /** The latest day a candidate was entered for: candidates come in CallStartDateTime order, so earlier days are complete. */
  #latestDay = '';
  readonly #flushing = new Set<Promise<void>>();

  public constructor(
    private readonly store: ArchiveStore,
    private readonly archive: Pick<CtrArchive, 'newestVersionId'>,
    private readonly options: DecisionManifestsOptions,
  ) {}

  /**
   * The record of a remembered decision that still holds for this VoiceCall, or undefined when it
   * must be decided afresh (nothing remembered, the VoiceCall changed, or the contact's newest
   * archived version is not the one the decision was made on).
   *
   * @throws whatever the store throws while listing the contact's versions
   */
  public async recall(row: VoiceCallRow): Promise<RecordResult | undefined> {
    const contactId = contactIdOf(row);
    const day = dayOf(row);
    if (contactId === undefined || day === undefined) return undefined;
    const entry = (await this.#day(day)).decisions.get(row.Id);
    if (!entry || entry.contactId !== contactId || entry.row !== rowFingerprint(row)) return undefined;
    const reused = reuseDecision(entry, row, await this.archive.newestVersionId(contactId));
    if (reused) this.stats.reused += 1;
    return reused;
  }

  /** Remembers a fresh decision if a later run may reuse it, and forgets the VoiceCall's old one otherwise. */
  public async remember(row: VoiceCallRow, action: ReconcileAction): Promise<void> {
    const day = dayOf(row);
    if (!this.options.write || day === undefined || contactIdOf(row) === undefined) return;
    const manifest = await this.#day(day);
    const entry = cachedDecision(row, action, { dryRun: !this.options.write });
    if (entry) {
      manifest.decisions.set(row.Id, entry);
      manifest.changed = true;
    } else if (manifest.decisions.delete(row.Id)) manifest.changed = true;
  }

  /**
   * A batch run is about to reconcile this candidate. Candidates arrive in CallStartDateTime order
   * (the reader's ORDER BY), so once a later day starts, each earlier day is written as soon as its
   * last candidate is decided and then dropped from memory: a run holds the decisions of the days
   * in flight, not of its whole window. A candidate out of order only costs a second manifest GET.
   */
  public enter(row: VoiceCallRow): void {
    const day = dayOf(row);
    if (day === undefined) return;
    this.#open.set(day, (this.#open.get(day) ?? 0) + 1);
    if (day > this.#latestDay) {
      this.#latestDay = day;
      for (const earlier of [...this.#days.keys()]) this.#release(earlier);
    }
  }

  /** The candidate {@link enter}ed is decided (remembered or not). */
  public leave(row: VoiceCallRow): void {
    const day = dayOf(row);
    const open = day === undefined ? undefined : this.#open.get(day);
    if (day === undefined || open === undefined) return;
    if (open > 1) this.#open.set(day, open - 1);
    else {
      this.#open.delete(day);
      this.#release(day);
    }
  }

  /** Writes every day whose decisions changed (one PUT each); a failed write is logged, not thrown: it only costs a later run fresh decisions. */
  public async flush(): Promise<void> {
    for (const day of [...this.#days.keys()]) await this.#write(day);
    await Promise.all(this.#flushing);
  }

  /** Writes and forgets a day that is over: earlier than the latest day entered, with nothing open. */
  #release(day: string): void {
    if (day >= this.#latestDay || this.#open.has(day) || !this.#days.has(day)) return;
    const writing = this.#write(day).then(() => {
      this.#flushing.delete(writing);
    });
    this.#flushing.add(writing);
  }

  async #write(day: string): Promise<void> {
    const pending = this.#days.get(day);
    if (!pending) return;
    const manifest = await pending;
    if (this.#days.get(day) === pending && day < this.#latestDay && !this.#open.has(day)) this.#days.delete(day);
    if (!this.options.write || !manifest.changed) return;
    manifest.changed = false;
    try {
      await this.store.put(decisionManifestKey(this.options.mode, day), serializeDecisionManifest(this.options.scope, manifest.decisions));
      this.stats.manifestsWritten += 1;
    } catch (error) {
      manifest.changed = true;
      this.options.log?.warn('Could not write a decision manifest; the next run decides those calls afresh', {
        day,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  }

  #day(day: string): Promise<DayDecisions> {
    let pending = this.#days.get(day);
    if (!pending) {
      pending = this.#read(day);
      this.#days.set(day, pending);
    }
    return pending;
  }

  async #read(day: string): Promise<DayDecisions> {
    this.stats.manifestsRead += 1;
    try {
      const text = (await this.store.get(decisionManifestKey(this.options.mode, day))).toString('utf8');
      return { decisions: parseDecisionManifest(text, this.options.scope), changed: false };
    } catch (error) {
      if (!(error instanceof ArchiveObjectNotFoundError)) {
        this.options.log?.warn('Could not read a decision manifest; deciding that day afresh', {
          day,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
      return { decisions: new Map(), changed: false };
    }
  }
}

/** The UTC day of a VoiceCall's CallStartDateTime, or undefined when it has none (nothing is remembered then). */
function dayOf(row: VoiceCallRow): string | undefined {
  const ms = Date.parse(row.CallStartDateTime ?? '');
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return /^[0-9]{4}-/.test(iso) ? utcDay(iso) : undefined;
}

export { DecisionManifests };
export type { DecisionCacheStats, DecisionManifestsOptions };
