// Benchmarks only: a minimal S3-compatible HTTP server holding objects in memory (simulated S3).
// The local S3 server of the tests (s3rver) lists by walking its bucket folder, so one
// ListObjectsV2 costs time in proportion to every contact in the archive: at 100,000 contacts it,
// not reconcile, would be measured. This one answers PutObject (If-None-Match: * honoured),
// GetObject, HeadObject, DeleteObject and ListObjectsV2 (prefix, start-after, continuation token,
// max-keys) from a sorted key list, so the AWS SDK talks real S3 HTTP to it. Path-style, one
// bucket, no authentication check (loopback only).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ArchiveObjectNotFoundError } from '../src/errors.ts';
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../src/ports/ArchiveStore.ts';

/** A running in-memory S3 server. */
interface InMemoryS3Server {
  readonly endpoint: string;
  readonly bucket: string;
  /** AWS SDK settings that reach it. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  readonly objectCount: () => number;
  /**
   * The bucket under `prefix` as an in-process ArchiveStore, bypassing HTTP: for set-up only (filling
   * the archive before anything is measured), never for what a benchmark measures.
   */
  directStore(prefix: string): ArchiveStore;
  close(): Promise<void>;
}

interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: string;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Keys in ascending order. New keys wait in a buffer; the next listing puts a few in place
 * (binary search) or, after a bulk load, appends them all and sorts once.
 */
class SortedKeys {
  #keys: string[] = [];
  #added: string[] = [];

  public add(key: string): void {
    this.#added.push(key);
  }

  public remove(key: string): void {
    this.#settle();
    const at = this.#lowerBound(key);
    if (this.#keys[at] === key) this.#keys.splice(at, 1);
  }

  /** Up to `max` keys starting with `prefix`, greater than `after`, and whether more follow. */
  public page(prefix: string, after: string, max: number): { keys: string[]; truncated: boolean } {
    this.#settle();
    const start = after > prefix ? after : prefix;
    let at = this.#lowerBound(start);
    if (this.#keys[at] === after) at += 1;
    const keys: string[] = [];
    for (; at < this.#keys.length && (this.#keys[at] as string).startsWith(prefix); at += 1) {
      if (keys.length === max) return { keys, truncated: true };
      keys.push(this.#keys[at] as string);
    }
    return { keys, truncated: false };
  }

  #settle(): void {
    if (this.#added.length === 0) return;
    if (this.#added.length > 1000) {
      this.#keys = this.#keys.concat(this.#added).sort();
    } else {
      for (const key of this.#added) this.#keys.splice(this.#lowerBound(key), 0, key);
    }
    this.#added = [];
  }

  #lowerBound(key: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function send(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): undefined {
  res.writeHead(status, { 'content-type': 'application/xml', ...headers });
  res.end(body);
  return undefined;
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/**
 * Starts the server on a free loopback port with one bucket.
 *
 * @param bucket - the only bucket it answers for
 */
async function startInMemoryS3Server(bucket: string): Promise<InMemoryS3Server> {
  const objects = new Map<string, StoredObject>();
  const keys = new SortedKeys();
  const putObject = (key: string, body: Buffer): string => {
    const etag = createHash('md5').update(body).digest('hex');
    if (!objects.has(key)) keys.add(key);
    objects.set(key, { body, etag, lastModified: new Date().toISOString() });
    return etag;
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): undefined => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, urlBucket, ...rest] = url.pathname.split('/');
    if (urlBucket !== bucket) return send(res, 404, errorXml('NoSuchBucket', 'The specified bucket does not exist'));
    const key = decodeURIComponent(rest.join('/'));
    const method = req.method ?? 'GET';
    if (key === '' && method === 'GET') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const token = url.searchParams.get('continuation-token');
      const after = token !== null ? Buffer.from(token, 'base64url').toString('utf8') : (url.searchParams.get('start-after') ?? '');
      const max = Math.min(1000, Number(url.searchParams.get('max-keys') ?? 1000));
      const page = keys.page(prefix, after, max);
      const contents = page.keys
        .map((k) => {
          const o = objects.get(k) as StoredObject;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join('');
      const next = page.truncated
        ? `<NextContinuationToken>${Buffer.from(page.keys.at(-1) as string).toString('base64url')}</NextContinuationToken>`
        : '';
      return send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.keys.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${page.truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
      );
    }
    const found = objects.get(key);
    if (method === 'PUT') {
      if (req.headers['if-none-match'] === '*' && found)
        return send(res, 412, errorXml('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'));
      return send(res, 200, '', { etag: `"${putObject(key, body)}"` });
    }
    if (method === 'DELETE') {
      if (found) {
        objects.delete(key);
        keys.remove(key);
      }
      return send(res, 204);
    }
    if (!found) return method === 'HEAD' ? send(res, 404) : send(res, 404, errorXml('NoSuchKey', 'The specified key does not exist.'));
    const headers = {
      'content-type': 'application/json',
      'content-length': String(found.body.length),
      etag: `"${found.etag}"`,
      'last-modified': new Date(found.lastModified).toUTCString(),
    };
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : found.body);
    return undefined;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    clientConfig: { endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' } },
    objectCount: () => objects.size,
    directStore: (prefix: string): ArchiveStore => {
      const root = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
      return {
        location: `s3://${bucket}/${root} (in-process)`,
        put: async (key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> => {
          if (options?.ifAbsent && objects.has(root + key)) return 'exists';
          putObject(root + key, Buffer.from(body));
          return 'written';
        },
        get: async (key: string): Promise<Buffer> => {
          const found = objects.get(root + key);
          if (!found) throw new ArchiveObjectNotFoundError(key);
          return found.body;
        },
        exists: async (key: string): Promise<boolean> => objects.has(root + key),
        list: async function* (listPrefix: string): AsyncIterable<ArchiveObjectInfo> {
          let after = '';
          for (;;) {
            const page = keys.page(root + listPrefix, after, 1000);
            for (const k of page.keys) yield { key: k.slice(root.length), size: objects.get(k)?.body.length ?? 0 };
            if (!page.truncated) return;
            after = page.keys.at(-1) as string;
          }
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { startInMemoryS3Server };
export type { InMemoryS3Server };
