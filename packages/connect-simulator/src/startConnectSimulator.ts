import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AthenaSimulator, type AthenaSimulatorOptions } from './AthenaSimulator.ts';
import type { ContactRecordRow } from './contactRecordTable.ts';
import { ConnectSimulatorError } from './errors.ts';
import { SearchContactsSimulator, type SearchContactsSimulatorOptions } from './SearchContactsSimulator.ts';

/** Settings of {@link startConnectSimulator}. */
interface ConnectSimulatorOptions {
  /** Seeded `contact_record` rows, shared by both simulations. */
  readonly rows: readonly ContactRecordRow[];
  readonly athena?: Omit<AthenaSimulatorOptions, 'rows'>;
  readonly searchContacts?: Omit<SearchContactsSimulatorOptions, 'rows'>;
  /** Port to listen on (default 0: any free port) on 127.0.0.1. */
  readonly port?: number;
}

/** A running simulator. */
interface RunningConnectSimulator {
  /** Base URL to give the SDK clients as `endpoint`. */
  readonly url: string;
  readonly athena: AthenaSimulator;
  readonly searchContacts: SearchContactsSimulator;
  close(): Promise<void>;
}

const ATHENA_TARGET_PREFIX = 'AmazonAthena.';
const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ConnectSimulatorError('SerializationException', 400, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ConnectSimulatorError('SerializationException', 400, 'Request body is not a JSON object');
}

function send(res: ServerResponse, status: number, body: unknown, contentType: string, errorType?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * Starts the simulated AWS stand-ins on one node:http server:
 * - Athena (AWS JSON 1.1): `POST /` with `X-Amz-Target: AmazonAthena.<Action>`;
 * - Connect SearchContacts (REST-JSON): `POST /search-contacts`.
 * Any credentials are accepted; signatures are not checked. Point the SDK clients at `url`.
 *
 * @param options - seeded rows and per-service settings
 * @returns the base URL, both simulations (for fault injection) and `close`
 */
async function startConnectSimulator(options: ConnectSimulatorOptions): Promise<RunningConnectSimulator> {
  const athena = new AthenaSimulator({ ...options.athena, rows: options.rows });
  const searchContacts = new SearchContactsSimulator({ ...options.searchContacts, rows: options.rows });
  const server = createServer((req, res) => {
    void (async () => {
      const target = req.headers['x-amz-target'];
      const isAthena = typeof target === 'string' && target.startsWith(ATHENA_TARGET_PREFIX);
      const contentType = isAthena ? 'application/x-amz-json-1.1' : 'application/json';
      try {
        const body = await readBody(req);
        if (req.method === 'POST' && isAthena) {
          send(res, 200, athena.handle(target.slice(ATHENA_TARGET_PREFIX.length), body), contentType);
        } else if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/search-contacts') {
          send(res, 200, searchContacts.handle(body), contentType);
        } else {
          send(res, 404, { message: `No simulated operation for ${req.method} ${req.url}` }, contentType, 'UnknownOperationException');
        }
      } catch (error) {
        if (error instanceof ConnectSimulatorError) {
          const payload = isAthena
            ? { __type: error.errorType, Message: error.message, ...error.extra }
            : { Message: error.message, message: error.message, ...error.extra };
          send(res, error.status, payload, contentType, error.errorType);
        } else {
          send(res, 500, { __type: 'InternalServerException', Message: String(error) }, contentType, 'InternalServerException');
        }
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    athena,
    searchContacts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { startConnectSimulator };
export type { ConnectSimulatorOptions, RunningConnectSimulator };
