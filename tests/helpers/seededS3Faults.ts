import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3_SLOW_DOWN } from './faultyProxy.ts';

/** The S3 faults the proxy injects. */
type S3FaultKind = 'slow-down-503' | 'internal-error-500' | 'drop-before' | 'drop-after';

/** Answers in S3's own shape. */
const S3_INTERNAL_ERROR = {
  status: 500,
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
} as const;

/** A uniform draw in [0, 1) from its arguments (order-independent, like the simulator's faults). */
function draw(seed: number, text: string): number {
  return createHash('sha256').update(`${seed}|${text}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Options of {@link startSeededS3FaultProxy}. */
interface SeededS3FaultOptions {
  /** Fraction (0..1) of requests that get a fault, split evenly over the four kinds. */
  readonly rate: number;
  readonly seed: number;
  /**
   * Requests that fail every attempt of their first delivery: a seeded `rate` of the requests
   * `match` accepts answer 500 for their first `attempts` occurrences (so a record surely fails
   * once and is redelivered, however the random faults fall).
   */
  readonly persistent?: { readonly rate: number; readonly attempts: number; readonly match: (method: string, path: string) => boolean };
}

/** A running fault proxy and what it did. */
interface SeededS3FaultProxy {
  readonly url: string;
  /** Requests seen, and faults injected by kind. */
  readonly stats: { requests: number; faults: Record<S3FaultKind, number>; persistent: number };
  close(): Promise<void>;
}

const KINDS: readonly S3FaultKind[] = ['slow-down-503', 'internal-error-500', 'drop-before', 'drop-after'];

/**
 * An HTTP proxy in front of a local S3 server that fails a seeded fraction of requests with S3's
 * real failure modes: 503 SlowDown, 500 InternalError, a connection dropped before the request
 * reaches S3, and one dropped after S3 has applied it (the answer is lost). The decision for a
 * request depends only on (seed, method, path, how many times that method and path were seen), so
 * it is the same on every run whatever the interleaving. Extends tests/helpers/faultyProxy.ts with
 * the dropped-answer case that proxy cannot model.
 */
async function startSeededS3FaultProxy(target: string, options: SeededS3FaultOptions): Promise<SeededS3FaultProxy> {
  const upstream = new URL(target);
  const seen = new Map<string, number>();
  const stats = {
    requests: 0,
    faults: { 'slow-down-503': 0, 'internal-error-500': 0, 'drop-before': 0, 'drop-after': 0 } as Record<S3FaultKind, number>,
    persistent: 0,
  };
  const decide = (method: string, path: string): S3FaultKind | 'persistent' | undefined => {
    const id = `${method} ${path}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    const p = options.persistent;
    if (p && n <= p.attempts && p.match(method, path) && draw(options.seed, `persistent ${id}`) < p.rate) return 'persistent';
    const x = draw(options.seed, `${id}#${n}`);
    return x < options.rate ? KINDS[Math.min(KINDS.length - 1, Math.floor((x / options.rate) * KINDS.length))] : undefined;
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests += 1;
      const method = req.method ?? 'GET';
      const fault = decide(method, (req.url ?? '/').split('?')[0] ?? '/');
      if (fault === 'persistent') stats.persistent += 1;
      else if (fault) stats.faults[fault] += 1;
      if (fault === 'drop-before') {
        req.socket.destroy();
        return;
      }
      if (fault === 'slow-down-503' || fault === 'internal-error-500' || fault === 'persistent') {
        const answer = fault === 'slow-down-503' ? S3_SLOW_DOWN : S3_INTERNAL_ERROR;
        res.writeHead(answer.status, { 'content-type': 'application/xml' });
        res.end(method === 'HEAD' ? undefined : answer.body);
        return;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          if (fault === 'drop-after') {
            // S3 has done the work; its answer never reaches the client.
            up.resume();
            up.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { S3_INTERNAL_ERROR, startSeededS3FaultProxy };
export type { S3FaultKind, SeededS3FaultOptions, SeededS3FaultProxy };
