import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { initiationIndexKey, versionKey } from '../../../src/archive/archiveKeys.ts';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../../../src/ports/ArchiveStore.ts';
import { ctrFactory } from '../../helpers/factories.ts';

/** A store in a Map that records its calls; `honours` says whether `ifAbsent` is enforced. */
class RecordingStore implements ArchiveStore {
  public readonly location = 'memory://recording/';
  public readonly objects = new Map<string, Buffer>();
  public readonly calls: string[] = [];
  public failNextPutOf: string | undefined;
  public inFlight = 0;
  public maxInFlight = 0;

  public constructor(
    private readonly honours: boolean,
    public readonly ifAbsentSupport: 'enforced' | 'detect' = 'detect',
  ) {}

  public async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    this.calls.push(`put${options?.ifAbsent ? '-if-absent' : ''} ${key}`);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failNextPutOf === key) {
        this.failNextPutOf = undefined;
        throw new Error('simulated write failure');
      }
      if (options?.ifAbsent && this.honours && this.objects.has(key)) return 'exists';
      this.objects.set(key, Buffer.from(body));
      return 'written';
    } finally {
      this.inFlight -= 1;
    }
  }

  public async get(key: string): Promise<Buffer> {
    const body = this.objects.get(key);
    if (!body) throw new Error(`no ${key}`);
    return body;
  }

  public async exists(key: string): Promise<boolean> {
    this.calls.push(`exists ${key}`);
    return this.objects.has(key);
  }

  public async *list(prefix: string): AsyncIterable<ArchiveObjectInfo> {
    for (const key of [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort()) yield { key, size: 0 };
  }
}

const ctr = (n: number) =>
  parseCtr(JSON.stringify(ctrFactory({ ContactId: `c0ffee00-0000-4000-8000-00000000000${n}`, LastUpdateTimestamp: `2026-11-20T10:0${n}:00Z` })));

describe('CtrArchive.put: requests per CTR', () => {
  test('on a store that enforces write-if-absent: one conditional PUT and the index PUT, no HEAD; a redelivery is a duplicate', async () => {
    // Prepare
    const store = new RecordingStore(true, 'enforced');
    const archive = new CtrArchive(store);
    const one = ctr(1);

    // Act
    const first = await archive.put(one);
    const again = await archive.put(one);

    // Assess
    assert.deepEqual([first.outcome, again.outcome], ['stored', 'duplicate']);
    assert.deepEqual(store.calls.sort(), [
      `put ${initiationIndexKey(one)}`,
      `put ${initiationIndexKey(one)}`,
      `put-if-absent ${versionKey(one)}`,
      `put-if-absent ${versionKey(one)}`,
    ]);
    assert.equal(archive.ifAbsentMode, 'enforced');
  });

  test('the version write and the index entry are in flight together', async () => {
    const store = new RecordingStore(true, 'enforced');
    await new CtrArchive(store).put(ctr(1));
    assert.equal(store.maxInFlight, 2);
  });

  test('learns from its first write that a store enforces write-if-absent, then sends no HEAD', async () => {
    const store = new RecordingStore(true);
    const archive = new CtrArchive(store);
    assert.equal(archive.ifAbsentMode, undefined);
    assert.equal((await archive.put(ctr(1))).outcome, 'stored');
    assert.equal(archive.ifAbsentMode, 'enforced');
    store.calls.length = 0;
    assert.equal((await archive.put(ctr(2))).outcome, 'stored');
    assert.equal((await archive.put(ctr(2))).outcome, 'duplicate');
    assert.equal(store.calls.filter((c) => c.startsWith('exists')).length, 0);
  });

  test('learns that a store ignores write-if-absent, then checks with a HEAD first and never rewrites a stored version', async () => {
    const store = new RecordingStore(false);
    const archive = new CtrArchive(store);
    assert.equal((await archive.put(ctr(1))).outcome, 'stored');
    assert.equal(archive.ifAbsentMode, 'ignored');
    store.calls.length = 0;
    const two = ctr(2);
    assert.equal((await archive.put(two)).outcome, 'stored');
    assert.equal((await archive.put(two)).outcome, 'duplicate');
    assert.deepEqual(
      store.calls.filter((c) => c.includes(versionKey(two))),
      [`exists ${versionKey(two)}`, `put-if-absent ${versionKey(two)}`, `exists ${versionKey(two)}`],
    );
  });

  test('a redelivery rewrites the index entry, so a crash between the two writes is repaired', async () => {
    const store = new RecordingStore(true, 'enforced');
    const archive = new CtrArchive(store);
    const one = ctr(1);
    await archive.put(one);
    store.objects.delete(initiationIndexKey(one));
    assert.equal((await archive.put(one)).outcome, 'duplicate');
    assert.ok(store.objects.has(initiationIndexKey(one)));
  });

  test('a failed version write fails the put; the retry stores the version', async () => {
    const store = new RecordingStore(true, 'enforced');
    const archive = new CtrArchive(store);
    const one = ctr(1);
    store.failNextPutOf = versionKey(one);
    await assert.rejects(archive.put(one), /simulated write failure/);
    assert.equal(store.objects.has(versionKey(one)), false);
    assert.equal((await archive.put(one)).outcome, 'stored');
    assert.ok(store.objects.has(versionKey(one)));
    assert.ok(store.objects.has(initiationIndexKey(one)));
  });
});
