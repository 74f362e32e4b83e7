import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
type ProxyAction = 'pass' | 'drop' | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> };

/** A request as the rule sees it (the body is read first, so rules can look inside). */
interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: Buffer;
}

/**
 * An HTTP proxy in front of a real server that injects faults by rule (status codes, dropped
 * connections), so tests exercise real protocol failures over HTTP.
 */
async function startFaultyProxy(
  target: string,
  rule: (req: ProxiedRequest) => ProxyAction,
): Promise<{ url: string; requests: ProxiedRequest[]; close(): Promise<void> }> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? 'GET', url: req.url ?? '/', body: Buffer.concat(chunks) };
      requests.push(seen);
      const action = rule(seen);
      if (action === 'drop') {
        req.socket.destroy();
        return;
      }
      if (action !== 'pass') {
        res.writeHead(action.status, { 'content-type': 'application/xml', ...action.headers });
        res.end(action.body ?? '');
        return;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(seen.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** S3's throttling answer. */
const S3_SLOW_DOWN = {
  status: 503,
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
} as const;

export { S3_SLOW_DOWN, startFaultyProxy };
export type { ProxiedRequest, ProxyAction };
