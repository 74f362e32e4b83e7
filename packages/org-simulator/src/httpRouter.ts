import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorApiError } from './simulatorErrors.ts';

/** Which API a path belongs to; it decides error body shapes, auth, limits and faults. */
type ApiFamily = 'oauth' | 'rest' | 'telephony' | 'admin';

/** A request as handlers see it. */
interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Path parameters (`{version}`, `{id}`...), URI-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** What a handler answers; `body` is sent as JSON unless undefined (no content). */
interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

type RouteHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** One endpoint. `key` names it in counters and fault settings: `GET /services/data/{version}/query`. */
interface Route {
  readonly method: string;
  readonly key: string;
  readonly family: ApiFamily;
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
  readonly handler: RouteHandler;
}

/**
 * Declares a route from a path template: `{version}` matches `vNN.N`, other `{name}`s one segment.
 */
function route(method: string, template: string, family: ApiFamily, handler: RouteHandler): Route {
  const paramNames: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    paramNames.push(name);
    return name === 'version' ? '(v\\d{1,3}\\.\\d)' : '([^/]+)';
  });
  return { method, key: `${method} ${template}`, family, pattern: new RegExp(`^${source}/?$`), paramNames, handler };
}

/** The family of any path, matched or not. */
function familyOf(path: string): ApiFamily {
  if (path.startsWith('/services/oauth2/')) return 'oauth';
  if (path.startsWith('/telephony/')) return 'telephony';
  if (path.startsWith('/_simulator/')) return 'admin';
  return 'rest';
}

type Match = { readonly route: Route; readonly params: Record<string, string> } | { readonly allowed: readonly string[] } | undefined;

/** Finds the route for a method and path; `{ allowed }` when the path exists with other methods. */
function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m === null) continue;
    if (r.method !== method) {
      allowed.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    try {
      r.paramNames.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
    } catch {
      return undefined;
    }
    return { route: r, params };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

/** The error body each API uses. REST: `[{message, errorCode}]`; OAuth: `{error, error_description}`. */
function errorBody(family: ApiFamily, errorCode: string, message: string): unknown {
  if (family === 'rest') return [{ message, errorCode }];
  if (family === 'oauth') return { error: errorCode, error_description: message };
  return { message, errorCode };
}

/** Turns a thrown SimulatorApiError into its response; anything else becomes a 500. */
function errorResponse(family: ApiFamily, error: unknown): SimResponse {
  if (error instanceof SimulatorApiError) return { status: error.status ?? 400, body: errorBody(family, error.errorCode, error.message) };
  const code = family === 'oauth' ? 'unknown_error' : 'UNKNOWN_EXCEPTION';
  return {
    status: 500,
    body: errorBody(family, code, `An unexpected error occurred in the org simulator: ${error instanceof Error ? error.message : String(error)}`),
  };
}

/** Parses a JSON request body, answering 400 JSON_PARSER_ERROR when it is not JSON. */
function jsonBody(request: SimRequest): unknown {
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch (error) {
    throw new SimulatorApiError(
      'JSON_PARSER_ERROR',
      `The request body is not valid JSON: ${(error as Error).message}`,
      { status: 400 },
      { cause: error },
    );
  }
}

/** Reads the whole body; rejects with a 413 error past `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new SimulatorApiError('REQUEST_TOO_LARGE', `Request body exceeds ${limit} bytes`, { status: 413 }));
        request.removeAllListeners('data');
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Writes a response (JSON body, or none for 204). */
function send(response: ServerResponse, answer: SimResponse): void {
  if (response.destroyed || response.headersSent) return;
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | undefined;
  if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers['Content-Type'] = 'application/json;charset=UTF-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  response.writeHead(answer.status, headers);
  response.end(payload);
}

export { errorBody, errorResponse, familyOf, jsonBody, matchRoute, readBody, route, send };
export type { ApiFamily, Route, RouteHandler, SimRequest, SimResponse };
