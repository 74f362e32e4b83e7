import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { S3ArchiveStore } from '../../../src/archive/S3ArchiveStore.ts';
import { ArchiveObjectNotFoundError, ArchiveUnavailableError } from '../../../src/errors.ts';
import { useTestS3 } from '../../helpers/archives.ts';
import { startFaultyProxy } from '../../helpers/faultyProxy.ts';

const testS3 = useTestS3();

describe('S3ArchiveStore error mapping (over HTTP)', () => {
  test('a missing object is ArchiveObjectNotFoundError', async () => {
    const store = new S3ArchiveStore({ bucket: testS3().bucket, clientConfig: testS3().clientConfig });
    await assert.rejects(store.get('ctr/none/none.json'), ArchiveObjectNotFoundError);
    assert.equal(await store.exists('ctr/none/none.json'), false);
  });

  test('AccessDenied is a non-retryable ArchiveUnavailableError that hints at IAM', async () => {
    const proxy = await startFaultyProxy(testS3().endpoint, () => ({
      status: 403,
      body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    }));
    try {
      const store = new S3ArchiveStore({ bucket: testS3().bucket, clientConfig: { ...testS3().clientConfig, endpoint: proxy.url } });
      await assert.rejects(store.put('a.json', '{}'), (e: unknown) => e instanceof ArchiveUnavailableError && !e.retryable && /IAM/.test(e.message));
      assert.equal(proxy.requests.length, 1, 'not retried');
    } finally {
      await proxy.close();
    }
  });

  test('a missing bucket is named in the error', async () => {
    const store = new S3ArchiveStore({ bucket: 'no-such-bucket-here', clientConfig: { ...testS3().clientConfig, maxAttempts: 1 } });
    await assert.rejects(store.put('a.json', '{}'), (e: unknown) => e instanceof ArchiveUnavailableError && /no-such-bucket-here/.test(e.message));
  });

  test('refuses bad bucket names and unsafe prefixes up front', () => {
    assert.throws(() => new S3ArchiveStore({ bucket: 'x', clientConfig: {} }), TypeError);
    assert.throws(() => new S3ArchiveStore({ bucket: 'good-bucket', prefix: '../up', clientConfig: {} }), /Unsafe/);
  });

  test('an injected client is used as is', async () => {
    const own = new S3ArchiveStore({ bucket: testS3().bucket, clientConfig: testS3().clientConfig });
    const store = new S3ArchiveStore({ bucket: testS3().bucket, prefix: 'injected', client: own.client });
    await store.put('k.json', '{"a":1}');
    assert.equal((await own.get('injected/k.json')).toString(), '{"a":1}');
  });
});
