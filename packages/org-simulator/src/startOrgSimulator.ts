import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes, type SimulatorStats } from './adminRoutes.ts';
import { decideFault, faultBody, latencyFor } from './faults.ts';
import {
  generateSimulatorCredentials,
  type SimulatorCredentials,
  type SimulatorPublicCredentials,
  toPublicCredentials,
} from './generateSimulatorCredentials.ts';
import { type ApiFamily, errorBody, errorResponse, familyOf, matchRoute, readBody, route, type Route, send, type SimResponse } from './httpRouter.ts';
import { insertVoiceCalls, type VoiceCallInput } from './insertVoiceCalls.ts';
import { OAuthService } from './OAuthService.ts';
import { QueryCursors } from './QueryCursors.ts';
import { ApiUsage, type CountersSnapshot, RequestCounters } from './RequestCounters.ts';
import { renderStoredRecord, type RenderedRecord } from './renderVoiceCall.ts';
import { restRoutes } from './restRoutes.ts';
import type { ScvSync, SimulatedCtr } from './SimulatedCtr.ts';
import { type SeedOptions, type SeedSummary, seedFromCtrs } from './seedFromCtrs.ts';
import { SimulatorConfigError } from './simulatorErrors.ts';
import { DEFAULT_SIMULATOR_CONFIG, mergeSimulatorConfig, type SimulatorConfig, type SimulatorConfigPatch } from './SimulatorConfig.ts';
import { TelephonyLog, type TelephonyLogEntry } from './TelephonyLog.ts';
import { TelephonyService } from './TelephonyService.ts';
import { TimerSet } from './TimerSet.ts';
import { TokenStore } from './TokenStore.ts';
import type { RenderedRecording } from './VoiceCallRecordingStore.ts';
import { VoiceCallStore } from './VoiceCallStore.ts';

/** Options of {@link startOrgSimulator}. */
interface OrgSimulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Public keys and ids the simulated org trusts; generated (private keys included) when absent. */
  readonly credentials?: SimulatorPublicCredentials;
  /** Settings over the defaults (faults, delays, limits, custom fields...). */
  readonly config?: SimulatorConfigPatch;
  /** The simulated org's clock. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * The SCV CTR sync that seeding simulates (its filters and field mapping); the caller injects it,
   * the product passes its own. Without it, seeding from CTRs throws SimulatorConfigError.
   */
  readonly scvSync?: ScvSync;
}

/** A running simulator: its URL, in-process helpers, and `close()`. */
interface RunningOrgSimulator {
  /** Base URL, e.g. `http://127.0.0.1:49152` (no trailing slash); SCRT base is `${url}/telephony/v1`. */
  readonly url: string;
  readonly credentials: SimulatorPublicCredentials;
  /** The generated credentials, private keys included, when none were passed in. */
  readonly generatedCredentials: SimulatorCredentials | undefined;
  /** The current config. */
  readonly config: SimulatorConfig;
  /** Merges settings at runtime (as `POST /_simulator/config`). @throws SimulatorConfigError */
  setConfig(patch: SimulatorConfigPatch): SimulatorConfig;
  /** Seeds VoiceCalls from CTRs as the injected SCV sync would have synced them (see seedFromCtrs.ts). @throws SimulatorConfigError without `scvSync` */
  seedFromCtrs(ctrs: Iterable<SimulatedCtr>, options?: SeedOptions): Promise<SeedSummary>;
  /** Inserts VoiceCalls directly (bench and test set-up); returns their Ids. */
  insertVoiceCalls(records: Iterable<VoiceCallInput>): string[];
  /** A VoiceCall with all its fields, as `GET /sobjects/VoiceCall/{id}` renders it. */
  getVoiceCall(id: string): RenderedRecord | undefined;
  /** The VoiceCalls with a vendor call key (exact match), oldest first. */
  findVoiceCalls(vendorCallKey: string): RenderedRecord[];
  /** A VoiceCallRecording (the record VoiceCall.CallRecordingId names), or `undefined`. */
  getVoiceCallRecording(id: string): RenderedRecording | undefined;
  counters(): CountersSnapshot;
  resetCounters(): void;
  telephonyLog(since?: number): readonly TelephonyLogEntry[];
  /** Resolves when every telephony update answered `pending` has been applied. */
  settled(): Promise<void>;
  stats(): SimulatorStats;
  /** Stops listening, destroys open connections and cancels scheduled work. */
  close(): Promise<void>;
}

const ADMIN_API_VERSION = 'v66.0';
const BODY_LIMIT = { admin: 256 * 1024 * 1024, other: 16 * 1024 * 1024 } as const;

/**
 * Starts the org simulator: a local stand-in for a Salesforce org with Service Cloud Voice,
 * answering the OAuth token endpoint, the REST API (SOQL on VoiceCall, sObject updates), the
 * Telephony Integration API and its own `/_simulator/` admin API on one port.
 *
 * @example
 * ```ts
 * const sim = await startOrgSimulator({ config: { applyDelayMs: { fixed: 10, jitter: 0 } } });
 * const keys = sim.generatedCredentials; // sign JWTs with keys.connectedApp.privateKeyPem
 * await sim.close();
 * ```
 * @throws SimulatorConfigError for an invalid `options.config`
 */
async function startOrgSimulator(options: OrgSimulatorOptions = {}): Promise<RunningOrgSimulator> {
  const generated = options.credentials === undefined ? generateSimulatorCredentials() : undefined;
  const credentials = toPublicCredentials(options.credentials ?? (generated as SimulatorCredentials));
  let config = mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, options.config ?? {});
  const clock = options.now;
  const now = (): number => (clock === undefined ? Date.now() : clock().getTime());
  const pod = credentials.contactCenter.orgId.slice(3, 5);
  const store = new VoiceCallStore(pod);
  const applyCustomFields = (): void => {
    for (const [name, type] of Object.entries(config.customFields)) store.defineCustomField(name, type);
  };
  applyCustomFields();
  const timers = new TimerSet();
  const counters = new RequestCounters();
  const apiUsage = new ApiUsage();
  const tokens = new TokenStore();
  const log = new TelephonyLog();
  const cursors = new QueryCursors(store, pod);
  let routes: Route[] = [];

  const server = createServer((request, response) => {
    dispatch(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  const getConfig = (): SimulatorConfig => config;
  const telephony = new TelephonyService({ store, log, timers, credentials, config: getConfig, now });
  const oauth = new OAuthService({ url, credentials, tokens, tokenTtlMs: () => config.tokenTtlSeconds * 1000, now });
  const render = (row: number): RenderedRecord => renderStoredRecord(store, ADMIN_API_VERSION, row);
  const sim: RunningOrgSimulator = {
    url,
    credentials,
    generatedCredentials: generated,
    get config() {
      return config;
    },
    setConfig(patch) {
      config = mergeSimulatorConfig(config, patch);
      applyCustomFields();
      return config;
    },
    seedFromCtrs: async (ctrs, seedOptions) => {
      if (options.scvSync === undefined)
        throw new SimulatorConfigError('scvSync', 'Seeding from CTRs needs the SCV sync to simulate: pass startOrgSimulator({ scvSync }).');
      return seedFromCtrs(store, options.scvSync, ctrs, seedOptions);
    },
    insertVoiceCalls: (records) => insertVoiceCalls(store, records, now()),
    getVoiceCall: (id) => {
      const row = store.rowOfId(id);
      return row === undefined ? undefined : render(row);
    },
    findVoiceCalls: (key) =>
      store
        .rowsByVendorKey(key)
        .filter((r) => store.value(r, 'VendorCallKey') === key)
        .map(render),
    getVoiceCallRecording: (id) => store.recordings.get(id, ADMIN_API_VERSION),
    counters: () => counters.snapshot(),
    resetCounters: () => {
      counters.reset();
      apiUsage.reset();
    },
    telephonyLog: (since) => log.entries(since),
    settled: () => telephony.settled(),
    stats: () => ({
      records: store.size,
      openQueryCursors: cursors.size,
      liveAccessTokens: tokens.size,
      pendingApplies: telephony.pending,
      telephonyLogEntries: log.entries().length,
      apiUsage: { used: apiUsage.used(now()), limit: config.dailyApiLimit },
      approximateStoreBytes: store.approximateBytes(),
      memory: process.memoryUsage(),
    }),
    close: async () => {
      timers.clear();
      telephony.abandon();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  routes = [
    ...adminRoutes({
      ...sim,
      config: getConfig,
      setConfig: (patch) => sim.setConfig(patch as SimulatorConfigPatch),
      seedFromCtrs: (ctrs, o) => sim.seedFromCtrs(ctrs, o),
    }),
    ...restRoutes({ url, store, cursors, tokens, apiUsage, config: getConfig, now }),
    route('POST', '/services/oauth2/token', 'oauth', (r) => oauth.handle(r)),
    route('PATCH', '/telephony/v1/voiceCalls/{id}', 'telephony', (r) => telephony.handle(r)),
  ];

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0] as string;
    const query = new URLSearchParams((request.url ?? '').split('?').slice(1).join('?'));
    const match = matchRoute(routes, method, path);
    const matched = match !== undefined && 'route' in match ? match : undefined;
    const family: ApiFamily = matched?.route.family ?? familyOf(path);
    const key = matched?.route.key ?? `${method} (no such endpoint)`;
    const n = counters.begin(key);
    const cfg = config;
    let answer: SimResponse;
    let faulted = false;
    try {
      const body = await readBody(request, family === 'admin' ? BODY_LIMIT.admin : BODY_LIMIT.other);
      const fault = matched !== undefined && family !== 'admin' ? decideFault(cfg, key, family, n) : undefined;
      if (family !== 'admin') await timers.delay(latencyFor(cfg, key, n));
      if (fault?.kind === 'drop') {
        if (family === 'telephony')
          Object.assign(log.add(matched?.params.id ?? '', body.toString('utf8'), new Date(now()), cfg.telephonyLogLimit), { outcome: 'dropped' });
        counters.finish(key, 'dropped', true);
        request.socket.destroy();
        return;
      }
      if (fault !== undefined) {
        faulted = true;
        const { errorCode, message } = faultBody(family, fault.status);
        answer = {
          status: fault.status,
          headers: fault.status === 500 ? {} : { 'Retry-After': String(cfg.retryAfterSeconds) },
          body: errorBody(family, errorCode, message),
        };
        if (family === 'telephony')
          Object.assign(log.add(matched?.params.id ?? '', body.toString('utf8'), new Date(now()), cfg.telephonyLogLimit), {
            status: fault.status,
            outcome: 'rejected',
            error: errorCode,
          });
      } else if (match === undefined) {
        answer = { status: 404, body: errorBody(family, 'NOT_FOUND', 'The requested resource does not exist') };
      } else if ('allowed' in match) {
        answer = {
          status: 405,
          headers: { Allow: match.allowed.join(',') },
          body: errorBody(family, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${match.allowed.join(',')}`),
        };
      } else {
        answer = await match.route.handler({ method, path, query, headers: request.headers, params: match.params, body });
      }
    } catch (error) {
      answer = errorResponse(family, error);
    }
    if (family === 'rest')
      answer = { ...answer, headers: { ...answer.headers, 'Sforce-Limit-Info': `api-usage=${apiUsage.used(now())}/${config.dailyApiLimit}` } };
    counters.finish(key, answer.status, faulted);
    send(response, answer);
  }

  return sim;
}

export { startOrgSimulator };
export type { OrgSimulatorOptions, RunningOrgSimulator };
