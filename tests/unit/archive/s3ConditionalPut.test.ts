import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3ArchiveStore } from '../../../src/archive/S3ArchiveStore.ts';
import { ArchiveUnavailableError } from '../../../src/errors.ts';

/** An S3 error as the SDK raises it. */
function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

// Real S3's answers to a conditional write cannot come from the local server (it ignores
// If-None-Match), so these error branches are tested against a mocked client.
describe('S3ArchiveStore conditional writes (mocked S3 client)', () => {
  test('sends If-None-Match: * for a write-if-absent, and a 412 means the object exists', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    const store = new S3ArchiveStore({ bucket: 'ctr-archive', client: new S3Client({ region: 'us-east-1' }) });
    assert.equal(await store.put('ctr/c1/20261120T100600000Z_0123456789abcdef.json', '{}', { ifAbsent: true }), 'exists');
    assert.equal(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfNoneMatch, '*');
    s3.restore();
  });

  test('a 409 ConditionalRequestConflict (two conditional writes of one key at once) is a retryable failure', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    const store = new S3ArchiveStore({ bucket: 'ctr-archive', client: new S3Client({ region: 'us-east-1' }) });
    await assert.rejects(
      store.put('ctr/c1/20261120T100600000Z_0123456789abcdef.json', '{}', { ifAbsent: true }),
      (error: unknown) => error instanceof ArchiveUnavailableError && error.retryable,
    );
    s3.restore();
  });
});
