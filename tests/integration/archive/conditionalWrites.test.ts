import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { versionKey } from '../../../src/archive/archiveKeys.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { s3Archive, useTestS3 } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { type LatencyProxy, startLatencyProxy } from '../../helpers/latencyProxy.ts';

const ctr = (n: number) => parseCtr(JSON.stringify(ctrFactory({ ContactId: `c0ffee00-0000-4000-8000-00000000010${n}` })));

describe('capture over S3 with and without conditional writes (s3rver over HTTP, through the latency proxy)', () => {
  const s3 = useTestS3();
  let plain: LatencyProxy;
  let conditional: LatencyProxy;
  before(async () => {
    plain = await startLatencyProxy(s3().endpoint, { latencyMs: 1 });
    conditional = await startLatencyProxy(s3().endpoint, { latencyMs: 1, conditionalWrites: true });
  });
  after(async () => {
    await plain.close();
    await conditional.close();
  });

  test('where S3 answers 412 to If-None-Match: *, a version costs one PUT and a redelivery is a duplicate (no HEAD)', async () => {
    // Prepare
    const archive = s3Archive(s3(), { endpoint: conditional.url });
    const [one, two] = [ctr(1), ctr(2)];
    await archive.put(one);
    conditional.reset();

    // Act
    const stored = await archive.put(two);
    const again = await archive.put(two);

    // Assess
    assert.equal(archive.ifAbsentMode, 'enforced');
    assert.deepEqual([stored.outcome, again.outcome], ['stored', 'duplicate']);
    assert.deepEqual(conditional.counts, { PUT: 4 }, 'a conditional PUT and the index PUT per delivery');
    assert.equal(conditional.preconditionFailed(), 1);
    assert.equal((await archive.read({ key: versionKey(two) })).raw.toString(), two.raw.toString());
  });

  test('where the server ignores If-None-Match (s3rver), the archive learns it and checks with a HEAD first', async () => {
    const archive = s3Archive(s3(), { endpoint: plain.url });
    await archive.put(ctr(3));
    assert.equal(archive.ifAbsentMode, 'ignored');
    plain.reset();
    const four = ctr(4);
    assert.equal((await archive.put(four)).outcome, 'stored');
    assert.equal((await archive.put(four)).outcome, 'duplicate');
    assert.deepEqual(plain.counts, { HEAD: 2, PUT: 3 }, 'HEAD, PUT and index PUT; then HEAD and index PUT');
  });
});
