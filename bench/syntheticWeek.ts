/**
 * Benchmarks only: a simulated week of `count` VoiceCalls and their archive, made on the fly so
 * that nothing is held per record (the process's memory is the code under test's). VoiceCall `i`
 * starts at `START + i × (7 days ÷ count)`; every even `i` has an archived voice CTR initiated at
 * the same instant (in the day's index partition), the odd ones have none. Every twentieth contact
 * (`i % 20 === 2`) has an archived CTR but no VoiceCall (an orphan). Every VoiceCall lacks CTR
 * data. Ledger reads find nothing; writes are dropped; nothing is quarantined.
 */
import { contactPrefix, expandTimestamp, initiationIndexKey, utcDay, versionKey } from '../src/archive/archiveKeys.ts';
import { CtrArchive } from '../src/archive/CtrArchive.ts';
import { parseCtr } from '../src/ctr/parseCtr.ts';
import { ArchiveObjectNotFoundError } from '../src/errors.ts';
import type { ArchiveObjectInfo, ArchiveStore, PutOutcome } from '../src/ports/ArchiveStore.ts';
import type { CandidateQuery, VoiceCallReader } from '../src/ports/VoiceCallReader.ts';
import type { VoiceCallWriter } from '../src/ports/VoiceCallWriter.ts';
import { ResyncLedger } from '../src/reconcile/ResyncLedger.ts';
import { salesforceIdSuffix } from '../src/validation/salesforceId.ts';
import type { VoiceCallRow } from '../src/voicecall/voiceCallFields.ts';
import { ctrFactory, emptyVoiceCallRow } from '../tests/helpers/factories.ts';

const START = Date.parse('2026-11-16T00:00:00Z');
const WEEK_MS = 7 * 86_400_000;
const CONTACT = /^c0ffee00-0000-4000-8000-([0-9a-f]{12})$/;

/** The window holding the whole week. */
const SYNTHETIC_WEEK = { from: new Date(START), to: new Date(START + WEEK_MS) } as const;

function contactIdOf(i: number): string {
  return `c0ffee00-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function indexOfContact(contactId: string): number | undefined {
  const m = CONTACT.exec(contactId);
  return m ? Number.parseInt(m[1] as string, 16) : undefined;
}

class SyntheticWeek {
  public constructor(public readonly count: number) {}

  public startMs(i: number): number {
    return START + Math.floor((i * WEEK_MS) / this.count);
  }

  public hasVoiceCall(i: number): boolean {
    return i >= 0 && i < this.count && i % 20 !== 2;
  }

  public hasCtr(i: number): boolean {
    return i >= 0 && i < this.count && i % 2 === 0;
  }

  /** First index starting at or after `ms`. */
  public firstAtOrAfter(ms: number): number {
    const i = Math.ceil(((ms - START) * this.count) / WEEK_MS);
    let at = Math.max(0, Math.min(this.count, i));
    while (at > 0 && this.startMs(at - 1) >= ms) at -= 1;
    while (at < this.count && this.startMs(at) < ms) at += 1;
    return at;
  }

  public row(i: number): VoiceCallRow {
    const id15 = `0LQ${i.toString().padStart(12, '0')}`;
    return emptyVoiceCallRow({
      Id: `${id15}${salesforceIdSuffix(id15)}`,
      VendorCallKey: contactIdOf(i),
      CallStartDateTime: new Date(this.startMs(i)).toISOString(),
    });
  }

  public ctrText(i: number): string {
    return JSON.stringify(ctrFactory({ ContactId: contactIdOf(i), InitiationTimestamp: new Date(this.startMs(i)).toISOString() }));
  }
}

/** Answers the archive's reads from the formula; holds nothing. */
class SyntheticWeekStore implements ArchiveStore {
  public readonly location = 'memory://synthetic-week/';

  public constructor(private readonly week: SyntheticWeek) {}

  public async put(): Promise<PutOutcome> {
    return 'written';
  }

  public async get(key: string): Promise<Buffer> {
    const i = key.startsWith('ctr/') ? indexOfContact(key.split('/')[1] ?? '') : undefined;
    if (i === undefined || !this.week.hasCtr(i)) throw new ArchiveObjectNotFoundError(key);
    return Buffer.from(this.week.ctrText(i));
  }

  public async exists(): Promise<boolean> {
    return false;
  }

  public async *list(prefix: string, options?: { readonly startAfter?: string }): AsyncIterable<ArchiveObjectInfo> {
    if (prefix === 'ctr/') {
      yield { key: versionKey(parseCtr(this.week.ctrText(0))), size: 1 };
      return;
    }
    const contact = /^ctr\/([^/]+)\/$/.exec(prefix);
    if (contact) {
      const i = indexOfContact(contact[1] as string);
      if (i !== undefined && this.week.hasCtr(i) && prefix === contactPrefix(contactIdOf(i))) {
        yield { key: versionKey(parseCtr(this.week.ctrText(i))), size: 1 };
      }
      return;
    }
    const day = /^index\/by-initiation\/([0-9]{4}-[0-9]{2}-[0-9]{2})\/$/.exec(prefix);
    if (!day) return;
    const dayStart = Date.parse(`${day[1]}T00:00:00Z`);
    const end = this.week.firstAtOrAfter(dayStart + 86_400_000);
    const after = /([0-9]{8}T[0-9]{9}Z)/.exec(options?.startAfter?.slice(prefix.length) ?? '');
    const from = after ? Date.parse(expandTimestamp(after[1] as string)) : dayStart;
    for (let i = this.week.firstAtOrAfter(Math.max(dayStart, from)); i < end; i += 1) {
      if (!this.week.hasCtr(i)) continue;
      const key = initiationIndexKey(parseCtr(this.week.ctrText(i)));
      if (options?.startAfter !== undefined && key <= options.startAfter) continue;
      if (utcDay(new Date(this.week.startMs(i)).toISOString()) === day[1]) yield { key, size: 1 };
    }
  }
}

/** Streams the week's VoiceCalls of a query's window; `byIds` and `byVendorCallKeys` answer from the formula. */
class SyntheticWeekReader implements VoiceCallReader {
  public constructor(private readonly week: SyntheticWeek) {}

  public async *candidates(query: CandidateQuery): AsyncIterable<VoiceCallRow> {
    const end = this.week.firstAtOrAfter(query.to.getTime());
    for (let i = this.week.firstAtOrAfter(query.from.getTime()); i < end; i += 1) if (this.week.hasVoiceCall(i)) yield this.week.row(i);
  }

  public async byIds(ids: readonly string[]): Promise<VoiceCallRow[]> {
    return ids
      .map((id) => Number(id.slice(3, 15)))
      .filter((i) => this.week.hasVoiceCall(i))
      .map((i) => this.week.row(i));
  }

  public async byVendorCallKeys(keys: readonly string[]): Promise<VoiceCallRow[]> {
    return keys.flatMap((key) => {
      const i = indexOfContact(key);
      return i !== undefined && this.week.hasVoiceCall(i) ? [this.week.row(i)] : [];
    });
  }
}

const NO_WRITES: VoiceCallWriter = {
  updateVoiceCall: async () => {
    throw new Error('the synthetic week is for dry runs and reports');
  },
};

/** Ports over a synthetic week of `count` VoiceCalls (reconcile: use `dryRun: true`). */
function syntheticWeekDeps(count: number): { reader: VoiceCallReader; writer: VoiceCallWriter; archive: CtrArchive; ledger: ResyncLedger } {
  const week = new SyntheticWeek(count);
  const store = new SyntheticWeekStore(week);
  return { reader: new SyntheticWeekReader(week), writer: NO_WRITES, archive: new CtrArchive(store), ledger: new ResyncLedger(store) };
}

export { SYNTHETIC_WEEK, syntheticWeekDeps };
