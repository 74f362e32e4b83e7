import { SimulatorApiError } from './simulatorErrors.ts';
import type { RawValue } from './columns.ts';
import { parseIsoDate, parseIsoDateTime } from './sfDateTime.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/**
 * A Telephony Integration API PATCH body, validated and normalised. Defaults follow the
 * documentation: totalHoldDuration, numberOfHolds and agentInteractionDuration become 0 when
 * not sent.
 */
interface VoiceCallChanges {
  readonly startTime?: number | null;
  readonly endTime?: number | null;
  readonly acceptTime?: number | null;
  readonly enqueueTime?: number | null;
  readonly totalHoldDuration: number;
  readonly longestHoldDuration?: number;
  readonly numberOfHolds: number;
  /** Feeds VoiceCallRecording in a real org; VoiceCall has no such field. */
  readonly agentInteractionDuration: number;
  readonly queue?: string;
  readonly disconnectReason?: string;
  readonly fromNumber?: string;
  readonly toNumber?: string;
  readonly initiationMethod?: string;
  readonly callAttributes?: Readonly<Record<string, unknown>>;
  /** Accepted properties the simulator does not model (recordingLocation, isActiveCall...). */
  readonly ignored: readonly string[];
}

/** The `{id}` of `PATCH /voiceCalls/{id}`: a VoiceCall Id, or the vendor's contact Id. */
type TelephonyTarget = { readonly voiceCallId: string } | { readonly vendorCallKey: string };

/** What applying changes did. */
interface ApplyResult {
  readonly outcome: 'updated' | 'created' | 'not-found';
  readonly row?: number;
  /** callAttributes keys that name no declared custom field, or whose value does not fit it. */
  readonly ignoredAttributes: readonly string[];
}

const TIME_FIELDS = ['startTime', 'endTime', 'acceptTime', 'enqueueTime'] as const;
const INT_FIELDS = ['totalHoldDuration', 'longestHoldDuration', 'numberOfHolds', 'agentInteractionDuration'] as const;
const TEXT_FIELDS = ['queue', 'fromNumber', 'toNumber', 'initiationMethod'] as const;
const CALL_TYPES: Readonly<Record<string, string>> = {
  INBOUND: 'Inbound',
  API: 'Inbound',
  WEBRTC_API: 'Inbound',
  OUTBOUND: 'Outbound',
  TRANSFER: 'Transfer',
  QUEUE_TRANSFER: 'Transfer',
  CALLBACK: 'Callback',
};

function invalid(message: string): SimulatorApiError {
  return new SimulatorApiError('INVALID_INPUT', message, { status: 400 });
}

/**
 * Validates a PATCH body.
 *
 * @throws SimulatorApiError INVALID_INPUT (400) for a non-object body, a timestamp that is not
 *   ISO 8601, a non-integer duration, or callAttributes that is not a JSON object string
 */
function parseTelephonyPatch(body: unknown): VoiceCallChanges {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const out: Record<string, unknown> = { totalHoldDuration: 0, numberOfHolds: 0, agentInteractionDuration: 0 };
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(b)) {
    if (value === null || value === undefined) continue;
    if ((TIME_FIELDS as readonly string[]).includes(key)) {
      // SCV sends acceptTime "" for an agent leg without a connect time: taken as "no time" (null).
      const ms = value === '' ? null : typeof value === 'string' ? parseIsoDateTime(value) : undefined;
      if (ms === undefined) throw invalid(`${key} must be an ISO 8601 dateTime string such as 2022-01-05T17:12:59Z.`);
      out[key] = ms;
    } else if ((INT_FIELDS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`${key} must be a non-negative integer.`);
      out[key] = value;
    } else if ((TEXT_FIELDS as readonly string[]).includes(key)) {
      if (typeof value !== 'string') throw invalid(`${key} must be a string.`);
      out[key] = value;
    } else if (key === 'disconnectReason') {
      const reason = (value as { value?: unknown }).value;
      if (typeof value !== 'object' || (reason !== undefined && reason !== null && typeof reason !== 'string'))
        throw invalid('disconnectReason must be an object {value, isError}.');
      if (typeof reason === 'string') out.disconnectReason = reason;
    } else if (key === 'callAttributes') {
      let parsed: unknown;
      try {
        parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw invalid('callAttributes must be a string holding a JSON object of custom field names and values.');
      out.callAttributes = parsed;
    } else {
      ignored.push(key);
    }
  }
  return { ...(out as unknown as Omit<VoiceCallChanges, 'ignored'>), ignored };
}

/** Converts a callAttributes value to a custom field's stored form, or `undefined` if it does not fit. */
function customValue(type: string, value: unknown): RawValue | undefined {
  if (value === null) return null;
  switch (type) {
    case 'datetime':
      return typeof value === 'string' ? parseIsoDateTime(value) : undefined;
    case 'date':
      return typeof value === 'string' ? parseIsoDate(value) : undefined;
    case 'int':
    case 'double': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isFinite(n) && (type === 'double' || Number.isInteger(n)) ? n : undefined;
    }
    case 'boolean':
      return value === true || value === 'true' ? 1 : value === false || value === 'false' ? 0 : undefined;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function isOutbound(callType: RawValue): boolean {
  return callType === 'Outbound' || callType === 'Callback';
}

/**
 * Applies validated changes to the VoiceCall named by `target`, as the Telephony Integration API
 * does: by Id, or by vendor call key (the newest record with that key), creating a record when no
 * VoiceCall has the key. On update, CallType and the contact center's own number (To for inbound,
 * From for outbound calls) are left as created; on create, everything sent is written.
 *
 * @param at - the instant of the write (epoch ms): LastModifiedDate, and CreatedDate on create
 */
function applyVoiceCallChanges(store: VoiceCallStore, target: TelephonyTarget, changes: VoiceCallChanges, at: number): ApplyResult {
  let row: number | undefined;
  if ('voiceCallId' in target) {
    row = store.rowOfId(target.voiceCallId);
    if (row === undefined) return { outcome: 'not-found', ignoredAttributes: [] };
  } else {
    row = store
      .rowsByVendorKey(target.vendorCallKey)
      .filter((r) => store.value(r, 'VendorCallKey') === target.vendorCallKey)
      .at(-1);
  }
  const creating = row === undefined;
  const values: Record<string, RawValue> = { LastModifiedDate: at };
  const set = (field: string, value: RawValue | undefined): void => {
    if (value !== undefined) values[field] = value;
  };
  set('CallStartDateTime', changes.startTime);
  set('CallEndDateTime', changes.endTime);
  if (typeof changes.startTime === 'number' && typeof changes.endTime === 'number')
    values.CallDurationInSeconds = Math.round((changes.endTime - changes.startTime) / 1000);
  set('CallAcceptDateTime', changes.acceptTime);
  set('CallQueuedDateTime', changes.enqueueTime);
  values.CustomerHoldDuration = changes.totalHoldDuration;
  set('LongestHoldDuration', changes.longestHoldDuration);
  values.NumberOfHolds = changes.numberOfHolds;
  set('QueueName', changes.queue);
  set('DisconnectReason', changes.disconnectReason);
  const ignoredAttributes: string[] = [];
  for (const [name, value] of Object.entries(changes.callAttributes ?? {})) {
    const def = store.field(name);
    const stored = def?.custom === true ? customValue(def.type, value) : undefined;
    if (def === undefined || stored === undefined) ignoredAttributes.push(name);
    else values[def.name] = stored;
  }
  if (creating) {
    const callType = CALL_TYPES[(changes.initiationMethod ?? 'INBOUND').toUpperCase()] ?? 'Inbound';
    set('FromPhoneNumber', changes.fromNumber);
    set('ToPhoneNumber', changes.toNumber);
    const key = 'vendorCallKey' in target ? target.vendorCallKey : null;
    const created = store.insert({ ...values, VendorCallKey: key, CallType: callType, CreatedDate: at });
    return { outcome: 'created', row: created, ignoredAttributes };
  }
  const existing = row as number;
  if (isOutbound(store.value(existing, 'CallType'))) set('ToPhoneNumber', changes.toNumber);
  else set('FromPhoneNumber', changes.fromNumber);
  store.update(existing, values);
  return { outcome: 'updated', row: existing, ignoredAttributes };
}

export { applyVoiceCallChanges, CALL_TYPES, parseTelephonyPatch };
export type { ApplyResult, TelephonyTarget, VoiceCallChanges };
