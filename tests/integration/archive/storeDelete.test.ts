import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fsArchive, s3Archive, useTestS3 } from '../../helpers/archives.ts';

const s3 = useTestS3();

for (const kind of ['s3', 'fs'] as const) {
  test(`${kind}: delete removes an object (doctor's probe), and deleting an absent key is fine`, async () => {
    // Prepare
    const made = kind === 'fs' ? fsArchive() : undefined;
    const { store } = made?.archive ?? s3Archive(s3());
    try {
      await store.put('doctor/probe-1.json', '{"probe":true}\n');
      assert.equal(await store.exists('doctor/probe-1.json'), true);
      // Act
      await store.delete?.('doctor/probe-1.json');
      await store.delete?.('doctor/never-written.json');
      // Assess
      assert.equal(await store.exists('doctor/probe-1.json'), false);
      const left: string[] = [];
      for await (const object of store.list('doctor/')) left.push(object.key);
      assert.deepEqual(left, []);
    } finally {
      made?.remove();
    }
  });
}
