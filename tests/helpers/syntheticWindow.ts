/**
 * A window of `count` synthetic candidate VoiceCalls made on the fly, for memory tests and
 * benchmarks of the run engine: nothing is held per record. Every other call has an archived CTR
 * (generated when read, so a dry run reports `would-resync` with its field changes); the others have
 * none (`no-archived-ctr`). Ledger reads find nothing and writes are dropped.
 */
import type { ArchiveObjectInfo, ArchiveStore, PutOutcome } from '../../src/ports/ArchiveStore.ts';
import { contactPrefix, versionKey } from '../../src/archive/archiveKeys.ts';
import { CtrArchive } from '../../src/archive/CtrArchive.ts';
import { parseCtr } from '../../src/ctr/parseCtr.ts';
import { ArchiveObjectNotFoundError } from '../../src/errors.ts';
import type { ReconcileDeps } from '../../src/reconcile/runReconcile.ts';
import { ResyncLedger } from '../../src/reconcile/ResyncLedger.ts';
import type { CandidateQuery, VoiceCallReader } from '../../src/ports/VoiceCallReader.ts';
import type { VoiceCallRow } from '../../src/voicecall/voiceCallFields.ts';
import { salesforceIdSuffix } from '../../src/validation/salesforceId.ts';
import type { VoiceCallWriter } from '../../src/ports/VoiceCallWriter.ts';
import { ctrFactory } from './factories.ts';
import { emptyVoiceCallRow } from './factories.ts';

const START = Date.parse('2026-11-20T00:00:00Z');

function contactIdOf(i: number): string {
  return `c0ffee00-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function voiceCallIdOf(i: number): string {
  const id15 = `0LQ${i.toString().padStart(12, '0')}`;
  return `${id15}${salesforceIdSuffix(id15)}`;
}

function rowOf(i: number): VoiceCallRow {
  return emptyVoiceCallRow({ Id: voiceCallIdOf(i), VendorCallKey: contactIdOf(i), CallStartDateTime: new Date(START + i).toISOString() });
}

/** The CTR text of contact `i` (only even `i` have one). */
function ctrTextOf(i: number): string {
  return JSON.stringify(ctrFactory({ ContactId: contactIdOf(i) }));
}

/** An archive store that answers for contact ids made by {@link contactIdOf}, holding nothing. */
class SyntheticArchiveStore implements ArchiveStore {
  public readonly location = 'memory://synthetic/';
  readonly #keyOfEven = (i: number): string => versionKey(parseCtr(ctrTextOf(i)));

  public async put(): Promise<PutOutcome> {
    return 'written';
  }

  public async get(key: string): Promise<Buffer> {
    const m = /^ctr\/c0ffee00-0000-4000-8000-([0-9a-f]{12})\//.exec(key);
    if (!m) throw new ArchiveObjectNotFoundError(key);
    return Buffer.from(ctrTextOf(Number.parseInt(m[1] as string, 16)));
  }

  public async exists(): Promise<boolean> {
    return false;
  }

  public async *list(prefix: string): AsyncIterable<ArchiveObjectInfo> {
    if (prefix === 'ctr/') {
      yield { key: this.#keyOfEven(0), size: 1 };
      return;
    }
    const m = /^ctr\/c0ffee00-0000-4000-8000-([0-9a-f]{12})\/$/.exec(prefix);
    const i = m ? Number.parseInt(m[1] as string, 16) : -1;
    if (i >= 0 && i % 2 === 0 && prefix === contactPrefix(contactIdOf(i))) yield { key: this.#keyOfEven(i), size: 1 };
  }
}

/** Yields rows 0..count-1 one at a time; `byIds` answers from the same formula. */
class SyntheticReader implements VoiceCallReader {
  public constructor(private readonly count: number) {}

  public async *candidates(_query: CandidateQuery): AsyncIterable<VoiceCallRow> {
    for (let i = 0; i < this.count; i += 1) yield rowOf(i);
  }

  public async byIds(ids: readonly string[]): Promise<VoiceCallRow[]> {
    return ids.map((id) => rowOf(Number(id.slice(3, 15))));
  }

  public async byVendorCallKeys(keys: readonly string[]): Promise<VoiceCallRow[]> {
    return keys.map((key) => rowOf(Number.parseInt(key.slice(-12), 16)));
  }
}

const NO_WRITES: VoiceCallWriter = {
  updateVoiceCall: async () => {
    throw new Error('the synthetic window is for dry runs');
  },
};

/** Deps for `runReconcile` over `count` synthetic candidates (use with `dryRun: true`). */
function syntheticWindowDeps(count: number): Pick<ReconcileDeps, 'reader' | 'writer' | 'archive' | 'ledger'> {
  const store = new SyntheticArchiveStore();
  return { reader: new SyntheticReader(count), writer: NO_WRITES, archive: new CtrArchive(store), ledger: new ResyncLedger(store) };
}

/** The window that holds every synthetic call. */
const SYNTHETIC_WINDOW = { from: new Date(START), to: new Date(START + 86_400_000) } as const;

export { contactIdOf, SYNTHETIC_WINDOW, syntheticWindowDeps, voiceCallIdOf };
