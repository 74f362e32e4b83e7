import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { InvalidIdentifierError } from '../../../src/errors.ts';
import type { LocalS3Server } from '../../helpers/startLocalS3Server.ts';
import { fsArchive, s3Archive, startTestS3 } from '../../helpers/archives.ts';
import { ctrFactory, sampleText } from '../../helpers/factories.ts';

const first = parseCtr(sampleText('ctr-01-inbound-voice-agent-first-delivery.json'));
const second = parseCtr(sampleText('ctr-02-same-contact-redelivered-after-attribute-update.json'));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The same behaviour is required of every store adapter. */
function archiveContract(name: string, open: () => CtrArchive): void {
  describe(`CtrArchive on ${name}`, () => {
    test('stores every distinct version once; a redelivery is a duplicate', async () => {
      const archive = open();
      assert.equal((await archive.put(first)).outcome, 'stored');
      assert.equal((await archive.put(first)).outcome, 'duplicate');
      assert.equal((await archive.put(second)).outcome, 'stored');
      const versions = await archive.versions(first.contactId);
      assert.equal(versions.length, 2);
      assert.equal(versions[0]?.lastUpdateTimestamp, second.lastUpdateTimestamp);
    });

    test('an older copy delivered late never replaces the newest', async () => {
      const archive = open();
      await archive.put(second);
      await archive.put(first);
      const latest = await archive.latest(first.contactId);
      assert.equal(latest?.ctr.lastUpdateTimestamp, second.lastUpdateTimestamp);
      assert.equal(latest?.ctr.raw, second.raw, 'the original bytes come back');
    });

    test('ties on LastUpdateTimestamp break deterministically by content hash', async () => {
      const archive = open();
      const base = ctrFactory();
      const a = parseCtr(JSON.stringify({ ...base, Attributes: { v: 'a' } }));
      const b = parseCtr(JSON.stringify({ ...base, Attributes: { v: 'b' } }));
      await archive.put(a);
      await archive.put(b);
      const expected = a.contentHash > b.contentHash ? a : b;
      assert.equal((await archive.latest(a.contactId))?.ctr.contentHash, expected.contentHash);
    });

    test('latest is undefined for an unknown contact, and unsafe ids are refused', async () => {
      const archive = open();
      assert.equal(await archive.latest('never-seen'), undefined);
      await assert.rejects(archive.latest('../etc'), InvalidIdentifierError);
    });

    test('lists contacts by initiation time window without other days', async () => {
      const archive = open();
      const at = (iso: string) => parseCtr(JSON.stringify(ctrFactory({ InitiationTimestamp: iso, LastUpdateTimestamp: iso })));
      const inside = [at('2026-03-01T00:00:00Z'), at('2026-03-01T23:59:59Z'), at('2026-03-02T12:00:00Z')];
      const outside = [at('2026-02-28T23:59:59Z'), at('2026-03-03T00:00:00Z')];
      for (const c of [...inside, ...outside]) await archive.put(c);
      await archive.put(inside[0]!); // a redelivery is listed once
      const listed = await collect(archive.contactsInWindow({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') }));
      assert.deepEqual(
        listed.map((c) => c.contactId),
        inside.map((c) => c.contactId),
      );
    });

    test('lists a window that starts mid-day from its start: the contact at that instant and after, not before', async () => {
      const archive = open();
      const at = (iso: string) => parseCtr(JSON.stringify(ctrFactory({ InitiationTimestamp: iso, LastUpdateTimestamp: iso })));
      const before = [at('2026-03-01T09:59:59.999Z'), at('2026-03-01T08:00:00Z')];
      const inside = [at('2026-03-01T10:00:00Z'), at('2026-03-01T10:30:00Z'), at('2026-03-02T01:00:00Z')];
      for (const c of [...before, ...inside]) await archive.put(c);
      const listed = await collect(archive.contactsInWindow({ from: new Date('2026-03-01T10:00:00Z'), to: new Date('2026-03-02T02:00:00Z') }));
      assert.deepEqual(
        listed.map((c) => c.contactId),
        inside.map((c) => c.contactId),
      );
    });

    test('quarantines a record with its reason and raw bytes', async () => {
      const archive = open();
      const raw = Buffer.from('{"ContactId": "../../x"');
      const { key } = await archive.quarantine({
        raw,
        reason: 'not-json',
        message: 'Record is not valid JSON',
        receivedAt: '2026-03-01T10:00:00.000Z',
        source: { kind: 'file', path: 'x.json', index: 3 },
      });
      const stored = JSON.parse((await archive.store.get(key)).toString('utf8')) as { reason: string; rawBase64: string };
      assert.equal(stored.reason, 'not-json');
      assert.deepEqual(Buffer.from(stored.rawBase64, 'base64'), raw);
      const listed = await collect(archive.quarantinedInWindow({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') }));
      assert.deepEqual(
        listed.map((q) => q.key),
        [key],
      );
    });

    test('stores a CTR just under the 1 MiB bound intact', async () => {
      const archive = open();
      const big = parseCtr(JSON.stringify(ctrFactory({ Attributes: { blob: 'x'.repeat(1024 * 1024 - 8192) } })));
      await archive.put(big);
      assert.equal((await archive.latest(big.contactId))?.ctr.raw, big.raw);
    });
  });
}

let s3: LocalS3Server & { removeData(): void };
const cleanups: (() => void)[] = [];
before(async () => {
  s3 = await startTestS3();
});
after(async () => {
  await s3.stop();
  s3.removeData();
  for (const c of cleanups) c();
});

archiveContract('the filesystem', () => {
  const { archive, remove } = fsArchive();
  cleanups.push(remove);
  return archive;
});
archiveContract('S3 (local S3-compatible server over HTTP)', () => s3Archive(s3));

describe('FsArchiveStore specifics', () => {
  // Only here: s3rver keeps each key as a file path of its own, so it cannot hold this key (real S3 takes 1,024 bytes).
  test('stores, lists and indexes a ContactId of 256 characters (the longest valid one)', async () => {
    const { archive, root, remove } = fsArchive();
    cleanups.push(remove);
    const contactId = `${'a1b2c3d4-'.repeat(28)}abcd`;
    assert.equal(contactId.length, 256);
    const ctr = parseCtr(
      JSON.stringify(ctrFactory({ ContactId: contactId, InitiationTimestamp: '2026-03-02T10:00:00Z', LastUpdateTimestamp: '2026-03-02T10:06:00Z' })),
    );
    const newer = parseCtr(
      JSON.stringify(ctrFactory({ ContactId: contactId, InitiationTimestamp: '2026-03-02T10:00:00Z', LastUpdateTimestamp: '2026-03-02T11:06:00Z' })),
    );
    assert.equal((await archive.put(ctr)).outcome, 'stored');
    assert.equal((await archive.put(newer)).outcome, 'stored');
    assert.equal((await archive.put(ctr)).outcome, 'duplicate');
    const versions = await archive.versions(contactId);
    assert.deepEqual(
      versions.map((v) => v.contactId),
      [contactId, contactId],
    );
    assert.equal(versions[0]?.key, `ctr/${contactId}/20260302T110600000Z_${newer.contentHash.slice(0, 16)}.json`, 'the logical key is unchanged');
    assert.equal((await archive.latest(contactId))?.ctr.raw, newer.raw);
    const inWindow = await collect(archive.contactsInWindow({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') }));
    assert.deepEqual(inWindow, [{ contactId, initiationTimestamp: '2026-03-02T10:00:00.000Z', channel: 'VOICE' }]);
    const names = readdirSync(root, { recursive: true }) as string[];
    assert.ok(
      names.every((n) => n.split('/').every((part) => Buffer.byteLength(part) <= 255)),
      'no file name over 255 bytes',
    );
  });

  test('writes atomically: no temp files remain and objects are whole', async () => {
    const { archive, root, remove } = fsArchive();
    cleanups.push(remove);
    await Promise.all(Array.from({ length: 20 }, () => archive.put(first)));
    const files = readdirSync(`${root}/ctr/${first.contactId}`);
    assert.deepEqual(files.length, 1);
    assert.equal((await archive.latest(first.contactId))?.ctr.raw, first.raw);
  });
});

describe('S3 listing', () => {
  test('pages through more than 1,000 objects', async () => {
    const archive = s3Archive(s3);
    const puts = Array.from({ length: 1100 }, (_, i) => archive.store.put(`many/${String(i).padStart(5, '0')}`, 'x'));
    await Promise.all(puts);
    assert.equal((await collect(archive.store.list('many/'))).length, 1100);
    assert.equal((await collect(archive.store.list('many/', { startAfter: 'many/01049' }))).length, 50);
  });
});
