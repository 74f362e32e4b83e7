import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startLatencyProxy}. */
interface LatencyProxyOptions {
  /** Time added to every request before it is forwarded, in ms (S3's first-byte latency). @default 20 */
  readonly latencyMs?: number;
  /**
   * Simulated conditional writes: a PUT with `If-None-Match: *` on a key that exists upstream is
   * answered 412 PreconditionFailed without being forwarded, as real S3 answers it (local
   * S3-compatible servers ignore the header). Writes of one key are serialised in the proxy, so
   * the check and the write are atomic as long as every write goes through this proxy.
   * @default false
   */
  readonly conditionalWrites?: boolean;
}

/** A running latency proxy. */
interface LatencyProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Requests seen, by HTTP method (`PUT`, `HEAD`, `GET`...), since the start or the last {@link reset}. */
  readonly counts: Record<string, number>;
  /** PUTs answered 412 by the simulated conditional writes. */
  readonly preconditionFailed: () => number;
  /** Zeroes the counts. */
  reset(): void;
  close(): Promise<void>;
}

const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>';

/**
 * An HTTP proxy in front of a real S3-compatible server that adds a fixed latency to every request
 * (tests and benchmarks: the local server answers in about a millisecond, S3 in tens), and can
 * simulate S3's conditional writes. The upstream connections are kept alive and unbounded, so the
 * proxy itself queues nothing: what queues is the client's.
 */
async function startLatencyProxy(target: string, options: LatencyProxyOptions = {}): Promise<LatencyProxy> {
  const latencyMs = options.latencyMs ?? 20;
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const counts: Record<string, number> = {};
  let refused = 0;
  /** The last write of each key in flight, so a conditional write waits for the one before it. */
  const keyTails = new Map<string, Promise<void>>();

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('end', resolve);
          up.on('error', resolve);
        },
      );
      out.on('error', () => {
        res.destroy();
        resolve();
      });
      out.end(body);
    });

  /** True when the object exists upstream (an unsigned HEAD: the local server allows anonymous reads). */
  const existsUpstream = (path: string): Promise<boolean> =>
    new Promise((resolve) => {
      const head = request({ host: upstream.hostname, port: upstream.port, method: 'HEAD', path, agent }, (up) => {
        up.resume();
        up.on('end', () => resolve(up.statusCode === 200));
      });
      head.on('error', () => resolve(false));
      head.end();
    });

  const conditionalPut = async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const before = keyTails.get(path) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    keyTails.set(path, tail);
    await before;
    try {
      if (await existsUpstream(path)) {
        refused += 1;
        res.writeHead(412, { 'content-type': 'application/xml' });
        res.end(PRECONDITION_FAILED);
        return;
      }
      await forward(req, body, res);
    } finally {
      release();
      if (keyTails.get(path) === tail) keyTails.delete(path);
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      counts[method] = (counts[method] ?? 0) + 1;
      const body = Buffer.concat(chunks);
      setTimeout(() => {
        if (options.conditionalWrites && method === 'PUT' && req.headers['if-none-match'] === '*') void conditionalPut(req, body, res);
        else void forward(req, body, res);
      }, latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    preconditionFailed: () => refused,
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
      refused = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

export { startLatencyProxy };
export type { LatencyProxy, LatencyProxyOptions };
