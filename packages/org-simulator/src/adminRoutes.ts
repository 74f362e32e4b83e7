import { SimulatorApiError, SimulatorConfigError } from './simulatorErrors.ts';
import { jsonBody, route, type Route, type SimResponse } from './httpRouter.ts';
import type { CountersSnapshot } from './RequestCounters.ts';
import type { RenderedRecord } from './renderVoiceCall.ts';
import type { SeedOptions, SeedSummary } from './seedFromCtrs.ts';
import type { RenderedRecording } from './VoiceCallRecordingStore.ts';
import type { SimulatedCtr } from './SimulatedCtr.ts';
import type { SimulatorConfig } from './SimulatorConfig.ts';
import type { TelephonyLogEntry } from './TelephonyLog.ts';

/** What `GET /_simulator/stats` returns. */
interface SimulatorStats {
  readonly records: number;
  readonly openQueryCursors: number;
  readonly liveAccessTokens: number;
  readonly pendingApplies: number;
  readonly telephonyLogEntries: number;
  readonly apiUsage: { readonly used: number; readonly limit: number };
  /** Rough bytes held by the VoiceCall columns and indexes. */
  readonly approximateStoreBytes: number;
  readonly memory: NodeJS.MemoryUsage;
}

/** The in-process operations the admin API exposes over HTTP. */
interface AdminOperations {
  getVoiceCall(id: string): RenderedRecord | undefined;
  findVoiceCalls(vendorCallKey: string): RenderedRecord[];
  getVoiceCallRecording(id: string): RenderedRecording | undefined;
  counters(): CountersSnapshot;
  resetCounters(): void;
  config(): SimulatorConfig;
  setConfig(patch: unknown): SimulatorConfig;
  seedFromCtrs(ctrs: SimulatedCtr[], options: SeedOptions): Promise<SeedSummary>;
  telephonyLog(since?: number): readonly TelephonyLogEntry[];
  stats(): SimulatorStats;
}

function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

function badRequest(message: string): SimulatorApiError {
  return new SimulatorApiError('BAD_REQUEST', message, { status: 400 });
}

/**
 * The simulator's own API under `/_simulator/` (no auth; for tests, the demo and benchmarks).
 * It is never counted against the API allowance and never gets injected faults.
 */
function adminRoutes(ops: AdminOperations): Route[] {
  return [
    route('GET', '/_simulator/voicecalls/{id}', 'admin', (r) => {
      const record = ops.getVoiceCall(r.params.id as string);
      if (record === undefined) throw new SimulatorApiError('NOT_FOUND', `No VoiceCall with Id ${r.params.id}`, { status: 404 });
      return ok(record);
    }),
    route('GET', '/_simulator/voicecalls', 'admin', (r) => {
      const key = r.query.get('vendorCallKey');
      if (key === null || key === '') throw badRequest('Give ?vendorCallKey=<ContactId>.');
      return ok(ops.findVoiceCalls(key));
    }),
    route('GET', '/_simulator/voicecallrecordings/{id}', 'admin', (r) => {
      const record = ops.getVoiceCallRecording(r.params.id as string);
      if (record === undefined) throw new SimulatorApiError('NOT_FOUND', `No VoiceCallRecording with Id ${r.params.id}`, { status: 404 });
      return ok(record);
    }),
    route('GET', '/_simulator/counters', 'admin', () => ok(ops.counters())),
    route('POST', '/_simulator/counters/reset', 'admin', () => {
      ops.resetCounters();
      return ok(ops.counters());
    }),
    route('GET', '/_simulator/config', 'admin', () => ok(ops.config())),
    route('POST', '/_simulator/config', 'admin', (r) => {
      try {
        return ok(ops.setConfig(jsonBody(r)));
      } catch (error) {
        if (error instanceof SimulatorConfigError) throw badRequest(error.message);
        throw error;
      }
    }),
    route('POST', '/_simulator/seed', 'admin', async (r) => {
      const body = jsonBody(r) as { ctrs?: unknown; lostSyncFraction?: unknown; seed?: unknown } | null;
      if (!Array.isArray(body?.ctrs) || body.ctrs.some((c) => typeof c !== 'object' || c === null || Array.isArray(c)))
        throw badRequest('Give {"ctrs": [CTR objects], "lostSyncFraction": 0..1, "seed": n}.');
      const fraction = body.lostSyncFraction ?? 0;
      if (typeof fraction !== 'number' || fraction < 0 || fraction > 1) throw badRequest('lostSyncFraction must be a number from 0 to 1.');
      const seed = body.seed ?? 1;
      if (typeof seed !== 'number' || !Number.isInteger(seed)) throw badRequest('seed must be a whole number.');
      try {
        return ok(await ops.seedFromCtrs(body.ctrs as SimulatedCtr[], { lostSyncFraction: fraction, seed }));
      } catch (error) {
        if (error instanceof SimulatorConfigError) throw badRequest(error.message);
        throw error;
      }
    }),
    route('GET', '/_simulator/telephony-log', 'admin', (r) => ok(ops.telephonyLog(Number(r.query.get('since') ?? 0) || 0))),
    route('GET', '/_simulator/stats', 'admin', () => ok(ops.stats())),
  ];
}

export { adminRoutes };
export type { AdminOperations, SimulatorStats };
