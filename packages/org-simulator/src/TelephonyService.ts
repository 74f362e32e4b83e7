import { SimulatorApiError } from './simulatorErrors.ts';
import {
  applyVoiceCallChanges,
  missingForCreate,
  parseTelephonyPatch,
  requiredFieldMissing,
  rowOfVendorKey,
  type TelephonyTarget,
} from './applyTelephonyPatch.ts';
import { unitRandom } from './deterministicRandom.ts';
import type { SimulatorPublicCredentials } from './generateSimulatorCredentials.ts';
import { errorResponse, type SimRequest, type SimResponse } from './httpRouter.ts';
import { canonicalId } from './salesforceId.ts';
import type { SimulatorConfig } from './SimulatorConfig.ts';
import { TelephonyAuth } from './telephonyAuth.ts';
import type { TelephonyLog, TelephonyLogEntry } from './TelephonyLog.ts';
import type { TimerSet } from './TimerSet.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/** What the telephony service needs from the simulator. */
interface TelephonyDeps {
  readonly store: VoiceCallStore;
  readonly log: TelephonyLog;
  readonly timers: TimerSet;
  readonly credentials: SimulatorPublicCredentials;
  config(): SimulatorConfig;
  now(): number;
}

const VENDOR_CALL_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/;

/**
 * The Telephony Integration API's `PATCH /telephony/v1/voiceCalls/{id}`: authenticates, rate
 * limits, validates, answers `{"status":"pending"}` and applies the update later
 * (`applyDelayMs`), or never (`lostApplyFraction`), recording each request in the telephony log.
 */
class TelephonyService {
  readonly #deps: TelephonyDeps;
  readonly #auth: TelephonyAuth;
  #window = { second: Number.NaN, count: 0 };
  #pending = 0;
  /** Scheduled applies, by vendor call key, whose body could create the VoiceCall. */
  readonly #pendingCreates = new Map<string, number>();
  #idle: (() => void)[] = [];

  public constructor(deps: TelephonyDeps) {
    this.#deps = deps;
    this.#auth = new TelephonyAuth(deps.credentials);
  }

  /** Updates answered `pending` and not yet applied. */
  public get pending(): number {
    return this.#pending;
  }

  /** Resolves once every scheduled update has been applied. */
  public settled(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Handles one PATCH. */
  public handle(request: SimRequest): SimResponse {
    const { log, config: getConfig } = this.#deps;
    const now = this.#deps.now();
    const config = getConfig();
    const id = request.params.id ?? '';
    const entry = log.add(id, this.#bodyForLog(request.body), new Date(now), config.telephonyLogLimit);
    let answer: SimResponse;
    try {
      answer = this.#accept(request, id, entry, now, config);
    } catch (error) {
      answer = errorResponse('telephony', error);
      entry.outcome = 'rejected';
      entry.error = error instanceof Error ? error.message : String(error);
    }
    entry.status = answer.status;
    return answer;
  }

  #bodyForLog(body: Buffer): unknown {
    const text = body.toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  #accept(request: SimRequest, id: string, entry: TelephonyLogEntry, now: number, config: SimulatorConfig): SimResponse {
    this.#auth.check(request.headers.authorization, now);
    if (!request.headers['telephony-provider-name']) {
      throw new SimulatorApiError('MISSING_HEADER', 'The Telephony-Provider-Name header is required.', { status: 400 });
    }
    const second = Math.floor(now / 1000);
    if (this.#window.second !== second) this.#window = { second, count: 0 };
    this.#window.count += 1;
    if (this.#window.count > config.telephonyRatePerSecond) {
      entry.outcome = 'rejected';
      entry.error = 'SCV_LIMITS_ERROR';
      return {
        status: 429,
        headers: { 'Retry-After': String(Math.max(1, config.retryAfterSeconds)) },
        body: { message: `SCV_LIMITS_ERROR: more than ${config.telephonyRatePerSecond} requests per second.`, errorCode: 'SCV_LIMITS_ERROR' },
      };
    }
    const contentType = String(request.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(contentType)) {
      throw new SimulatorApiError('UNSUPPORTED_MEDIA_TYPE', 'The org simulator accepts Content-Type: application/json only.', { status: 415 });
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8')) as unknown;
    } catch {
      throw new SimulatorApiError('INVALID_INPUT', 'The request body is not valid JSON.', { status: 400 });
    }
    const changes = parseTelephonyPatch(body);
    const canonical = canonicalId(id);
    let target: TelephonyTarget;
    if (canonical?.startsWith('0LQ')) target = { voiceCallId: canonical };
    else if (VENDOR_CALL_KEY.test(id)) target = { vendorCallKey: id };
    else throw new SimulatorApiError('INVALID_INPUT', 'The call Id is neither a VoiceCall Id nor a vendor call key.', { status: 400 });
    // A PATCH that would create a VoiceCall (no record has the key, and no earlier accepted PATCH
    // that can create it is still pending) must carry the fields a create requires.
    const key = 'vendorCallKey' in target ? target.vendorCallKey : undefined;
    const canCreate = missingForCreate(changes).length === 0;
    if (key !== undefined && !canCreate && !this.#pendingCreates.has(key) && rowOfVendorKey(this.#deps.store, key) === undefined)
      throw requiredFieldMissing(missingForCreate(changes));
    if (changes.ignored.length > 0) entry.ignored = changes.ignored;
    if (unitRandom(config.seed, 'apply-lost', entry.seq) < config.lostApplyFraction) {
      entry.outcome = 'lost';
    } else {
      const delay = config.applyDelayMs.fixed + config.applyDelayMs.jitter * unitRandom(config.seed, 'apply-delay', entry.seq);
      this.#pending += 1;
      const creator = key !== undefined && canCreate ? key : undefined;
      if (creator !== undefined) this.#pendingCreates.set(creator, (this.#pendingCreates.get(creator) ?? 0) + 1);
      this.#deps.timers.schedule(delay, () => {
        const at = this.#deps.now();
        if (creator !== undefined) {
          const left = (this.#pendingCreates.get(creator) ?? 1) - 1;
          if (left > 0) this.#pendingCreates.set(creator, left);
          else this.#pendingCreates.delete(creator);
        }
        const result = applyVoiceCallChanges(this.#deps.store, target, changes, at);
        entry.outcome = result.outcome === 'updated' ? 'applied' : result.outcome;
        // Answered pending, then refused when applied: an earlier PATCH that was to create the
        // record had not been applied yet (apply order follows the delays, not arrival).
        if (result.missing !== undefined) entry.error = `REQUIRED_FIELD_MISSING at apply: ${requiredFieldMissing(result.missing).message}`;
        if (result.row !== undefined) entry.voiceCallId = this.#deps.store.idOf(result.row);
        entry.appliedAt = new Date(at).toISOString();
        const late = [...(result.ignoredFields ?? []), ...result.ignoredAttributes.map((k) => `callAttributes.${k}`)];
        if (late.length > 0) entry.ignored = [...(entry.ignored ?? []), ...late];
        this.#done();
      });
    }
    return { status: 200, body: { status: 'pending' } };
  }

  /** Forgets scheduled updates (their timers were cancelled on close) and releases `settled()` waiters. */
  public abandon(): void {
    this.#pending = 1;
    this.#done();
  }

  #done(): void {
    this.#pending -= 1;
    if (this.#pending > 0) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const resolve of waiters) resolve();
  }
}

export { TelephonyService };
export type { TelephonyDeps };
