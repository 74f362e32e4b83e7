import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { InvalidIdentifierError } from '../../../src/errors.ts';
import { fsArchive, s3Archive, useTestS3 } from '../../helpers/archives.ts';
import { startFaultyProxy } from '../../helpers/faultyProxy.ts';
import { ctrFactory } from '../../helpers/factories.ts';

const testS3 = useTestS3();
const AT = '2026-11-20T00:00:00.000Z';

function rebuiltOf(ctr: ContactTraceRecord, missing: string[] = []) {
  return { contactId: ctr.ContactId as string, ctr, missing, approximated: [], rebuiltAt: AT };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The same rules on every store adapter. */
function rebuiltContract(name: string, open: () => CtrArchive): void {
  describe(`rebuilt (data-lake) versions on ${name}`, () => {
    test('a rebuilt version never shadows a captured one, even when it looks newer', async () => {
      const archive = open();
      const captured = ctrFactory({ LastUpdateTimestamp: '2026-11-20T10:00:00Z' });
      const newerRebuilt = { ...captured, LastUpdateTimestamp: '2026-11-20T11:00:00Z', DisconnectReason: 'AGENT_DISCONNECT' };
      await archive.put(parseCtr(JSON.stringify(captured)));
      await archive.putRebuilt(rebuiltOf(newerRebuilt));
      const found = await archive.latestFromAnySource(captured.ContactId as string);
      assert.equal(found?.source, 'capture');
      assert.equal(found?.ctr.ctr.LastUpdateTimestamp, '2026-11-20T10:00:00Z');
      // The captured listings cannot see the rebuilt prefix at all.
      assert.equal((await archive.versions(captured.ContactId as string)).length, 1);
      assert.equal((await archive.latest(captured.ContactId as string))?.ctr.raw, JSON.stringify(captured));
    });

    test('with no captured version, the newest rebuilt one is used, with its source and missing fields', async () => {
      const archive = open();
      const older = ctrFactory({ LastUpdateTimestamp: '2026-11-20T10:00:00Z' });
      const newer = { ...older, LastUpdateTimestamp: '2026-11-20T12:00:00Z' };
      await archive.putRebuilt(rebuiltOf(older));
      const put = await archive.putRebuilt(rebuiltOf(newer, ['Agent.NumberOfHolds']));
      assert.match(put.versionId, /^dl_20261120T120000000Z_[0-9a-f]{16}$/);
      const found = await archive.latestFromAnySource(older.ContactId as string);
      assert.equal(found?.source, 'data-lake');
      assert.equal(found?.versionId, put.versionId);
      assert.deepEqual(found?.missing, ['Agent.NumberOfHolds']);
      assert.equal(found?.ctr.contactId, older.ContactId);
      assert.equal(found?.ctr.ctr.LastUpdateTimestamp, '2026-11-20T12:00:00Z');
    });

    test('re-importing the same row stores nothing new; a row without LastUpdateTimestamp sorts lowest', async () => {
      const archive = open();
      const ctr = ctrFactory();
      assert.equal((await archive.putRebuilt(rebuiltOf(ctr))).outcome, 'stored');
      assert.equal((await archive.putRebuilt({ ...rebuiltOf(ctr), rebuiltAt: '2026-11-21T00:00:00.000Z' })).outcome, 'duplicate');
      const { LastUpdateTimestamp: _, ...noUpdate } = { ...ctr, DisconnectReason: 'OTHER' };
      const bare = await archive.putRebuilt(rebuiltOf(noUpdate));
      assert.match(bare.versionId, /^dl_00000101T000000000Z_/);
      assert.notEqual((await archive.latestRebuilt(ctr.ContactId as string))?.versionId, bare.versionId);
    });

    test('rebuilt versions stay out of the time index and the captured listings', async () => {
      const archive = open();
      const ctr = ctrFactory({ InitiationTimestamp: '2026-11-20T08:00:00Z' });
      await archive.putRebuilt(rebuiltOf(ctr));
      const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
      assert.deepEqual(await collect(archive.contactsInWindow(window)), []);
      assert.equal(await archive.holdsVersions(), false);
      assert.equal(await archive.holdsRebuilt(), true);
      assert.equal(await archive.latest(ctr.ContactId as string), undefined);
    });

    test('unsafe ContactIds are refused', async () => {
      const archive = open();
      await assert.rejects(archive.putRebuilt(rebuiltOf({ ...ctrFactory(), ContactId: '../x' })), InvalidIdentifierError);
      await assert.rejects(archive.latestFromAnySource('../x'), InvalidIdentifierError);
    });
  });
}

rebuiltContract('the filesystem', () => {
  const made = fsArchive();
  return made.archive;
});
rebuiltContract('S3 (local server over HTTP)', () => s3Archive(testS3()));

test('S3 requests per lookup: a captured contact pays nothing for the rebuilt prefix', async () => {
  const proxy = await startFaultyProxy(testS3().endpoint, () => 'pass');
  try {
    const archive = s3Archive(testS3(), { endpoint: proxy.url });
    const captured = ctrFactory();
    const rebuiltOnly = ctrFactory();
    await archive.put(parseCtr(JSON.stringify(captured)));
    await archive.putRebuilt(rebuiltOf(captured));
    await archive.putRebuilt(rebuiltOf(rebuiltOnly));
    const count = async (contactId: string) => {
      const before = proxy.requests.length;
      await archive.latestFromAnySource(contactId);
      return proxy.requests.slice(before).map((r) => `${r.method} ${r.url.includes('list-type=2') ? 'list' : 'object'}`);
    };
    const measured = {
      captured: await count(captured.ContactId as string),
      rebuiltOnly: await count(rebuiltOnly.ContactId as string),
      neither: await count(ctrFactory().ContactId as string),
    };
    console.log(`S3 requests per lookup: ${JSON.stringify(measured)}`);
    assert.deepEqual(measured.captured, ['GET list', 'GET object'], 'one LIST of ctr/<id>/ and one GET');
    assert.deepEqual(measured.rebuiltOnly, ['GET list', 'GET list', 'GET object'], 'plus one LIST of rebuilt/data-lake/<id>/');
    assert.deepEqual(measured.neither, ['GET list', 'GET list']);
  } finally {
    await proxy.close();
  }
});
