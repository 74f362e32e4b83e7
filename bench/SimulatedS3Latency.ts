// Benchmarks only: an HTTP proxy that adds a fixed, simulated latency to every request before it
// reaches the local S3 server, and counts the requests by method. (Branch capture-speed makes a
// latency proxy for the tests too; the two are meant to be merged.)
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running latency proxy. */
interface SimulatedS3Latency {
  /** `http://127.0.0.1:PORT`: use it as the S3 endpoint. */
  readonly url: string;
  /** Requests forwarded so far, by HTTP method (GET, PUT, HEAD...). */
  counts(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * Starts a proxy in front of `target` that waits `latencyMs` before forwarding each request (the
 * round trip to S3 in a region is 10-30 ms; this is a simulation, not S3).
 *
 * @param target - the local S3 server's endpoint
 * @param latencyMs - added to every request
 */
async function startSimulatedS3Latency(target: string, latencyMs: number): Promise<SimulatedS3Latency> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    counts[method] = (counts[method] ?? 0) + 1;
    req.pause();
    setTimeout(() => {
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
          agent,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
      req.resume();
    }, latencyMs);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

export { startSimulatedS3Latency };
export type { SimulatedS3Latency };
