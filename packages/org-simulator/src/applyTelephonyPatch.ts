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
  /** Default false ([GUIDE]): the conversation closes and CallDisposition becomes "completed". */
  readonly isActiveCall: boolean;
  /** Preview, Progressive or Voicemail ([GUIDE]) → CallOrigin. */
  readonly callOrigin?: string;
  /** [GUIDE]: creates a VoiceCallRecording, linked from VoiceCall.CallRecordingId. */
  readonly recordingLocation?: string;
  /** [GUIDE]: the recording's duration; by default agentInteractionDuration + totalHoldDuration. */
  readonly totalRecordingDuration?: number;
  /** Undocumented, sent by the official Lambda ("PSTN" / "WebRTC") → CallSubType (UNVERIFIED). */
  readonly callSubType?: string;
  /** Undocumented, the CTR's PreviousContactId: a vendor call key → PreviousCallId (UNVERIFIED). */
  readonly parentCallIdentifier?: string;
  /** Accepted properties the simulator does not model (agent, callCenterApiName, secretName...). */
  readonly ignored: readonly string[];
}

/** The `{id}` of `PATCH /voiceCalls/{id}`: a VoiceCall Id, or the vendor's contact Id. */
type TelephonyTarget = { readonly voiceCallId: string } | { readonly vendorCallKey: string };

/** What applying changes did. */
interface ApplyResult {
  /** `rejected`: the key named no VoiceCall and the body lacks a field a create requires (`missing`). */
  readonly outcome: 'updated' | 'created' | 'not-found' | 'rejected';
  readonly row?: number;
  /** For `rejected`: the body fields a create requires that were not sent. */
  readonly missing?: readonly string[];
  /** callAttributes keys that name no declared custom field, or whose value does not fit it. */
  readonly ignoredAttributes: readonly string[];
  /** Body properties dropped at apply time (a parentCallIdentifier that names no VoiceCall, a
   * totalRecordingDuration without recordingLocation for a VoiceCall that has no recording). */
  readonly ignoredFields?: readonly string[];
}

const TIME_FIELDS = ['startTime', 'endTime', 'acceptTime', 'enqueueTime'] as const;
const INT_FIELDS = ['totalHoldDuration', 'longestHoldDuration', 'numberOfHolds', 'agentInteractionDuration', 'totalRecordingDuration'] as const;
const TEXT_FIELDS = ['queue', 'fromNumber', 'toNumber', 'initiationMethod', 'callSubType', 'parentCallIdentifier', 'recordingLocation'] as const;
/** The documented callOrigin values ([GUIDE] pp. 75–79); others are refused as a restricted picklist would. */
const CALL_ORIGINS = ['Preview', 'Progressive', 'Voicemail'] as const;
const CALL_TYPES: Readonly<Record<string, string>> = {
  INBOUND: 'Inbound',
  API: 'Inbound',
  WEBRTC_API: 'Inbound',
  OUTBOUND: 'Outbound',
  TRANSFER: 'Transfer',
  QUEUE_TRANSFER: 'Transfer',
  CALLBACK: 'Callback',
};

/**
 * Body fields a PATCH that creates a VoiceCall must carry, with the VoiceCall field each fills. The
 * create API (`POST /voiceCalls`, [GUIDE] ch. 4) requires `from`, `to`, `initiationMethod` and
 * `startTime`; the object reference marks CallStartDateTime, FromPhoneNumber and ToPhoneNumber not
 * nillable. Which fields a PATCH-create really requires is undocumented (UNVERIFIED).
 */
const CREATE_REQUIRED: readonly (readonly [keyof VoiceCallChanges, string])[] = [
  ['startTime', 'CallStartDateTime'],
  ['fromNumber', 'FromPhoneNumber'],
  ['toNumber', 'ToPhoneNumber'],
  ['initiationMethod', 'CallType'],
];

/** The required create fields `changes` lacks (`[]` when it can create a VoiceCall). */
function missingForCreate(changes: VoiceCallChanges): string[] {
  return CREATE_REQUIRED.filter(([body]) => changes[body] === undefined || changes[body] === null || changes[body] === '').map(
    ([body, field]) => `${body} (${field})`,
  );
}

/** The 400 a create without the required fields gets. */
function requiredFieldMissing(missing: readonly string[]): SimulatorApiError {
  return new SimulatorApiError(
    'REQUIRED_FIELD_MISSING',
    `No VoiceCall has this vendor call key, and creating one requires startTime, fromNumber, toNumber and initiationMethod. Missing: ${missing.join(', ')}.`,
    { status: 400 },
  );
}

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
  const out: Record<string, unknown> = { totalHoldDuration: 0, numberOfHolds: 0, agentInteractionDuration: 0, isActiveCall: false };
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
    } else if (key === 'isActiveCall') {
      if (typeof value !== 'boolean') throw invalid('isActiveCall must be true or false.');
      out.isActiveCall = value;
    } else if (key === 'callOrigin') {
      if (typeof value !== 'string' || !(CALL_ORIGINS as readonly string[]).includes(value))
        throw invalid(`callOrigin must be one of ${CALL_ORIGINS.join(', ')}.`);
      out.callOrigin = value;
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
    row = rowOfVendorKey(store, target.vendorCallKey);
  }
  const creating = row === undefined;
  if (creating) {
    const missing = missingForCreate(changes);
    if (missing.length > 0) return { outcome: 'rejected', missing, ignoredAttributes: [] };
  }
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
  set('CallOrigin', changes.callOrigin);
  set('CallSubType', changes.callSubType);
  // [GUIDE]: with isActiveCall false (the default) the conversation closes and CallDisposition
  // becomes "completed" (NextCallId, the other condition, is not modelled). The guide's "hold
  // values are reset to zero" is met by the 0 defaults; values sent in the same PATCH stay as sent.
  if (!changes.isActiveCall) values.CallDisposition = 'completed';
  const ignoredFields: string[] = [];
  if (changes.parentCallIdentifier !== undefined) {
    const parent = rowOfVendorKey(store, changes.parentCallIdentifier);
    if (parent === undefined || parent === row) ignoredFields.push('parentCallIdentifier');
    else values.PreviousCallId = store.idOf(parent);
  }
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
    applyRecording(store, created, changes, at, ignoredFields);
    return { outcome: 'created', row: created, ignoredAttributes, ignoredFields };
  }
  const existing = row as number;
  if (isOutbound(store.value(existing, 'CallType'))) set('ToPhoneNumber', changes.toNumber);
  else set('FromPhoneNumber', changes.fromNumber);
  store.update(existing, values);
  applyRecording(store, existing, changes, at, ignoredFields);
  return { outcome: 'updated', row: existing, ignoredAttributes, ignoredFields };
}

/**
 * The recording part of a PATCH ([GUIDE]: recordingLocation and totalRecordingDuration create the
 * VoiceCallRecording; its DurationInSeconds defaults to agentInteractionDuration +
 * totalHoldDuration). A VoiceCall that already has a recording gets it updated rather than a
 * second one (simulator choice: re-sending a CTR stays idempotent). totalRecordingDuration alone
 * updates an existing recording's duration; with no recording it is listed as ignored.
 */
function applyRecording(store: VoiceCallStore, row: number, changes: VoiceCallChanges, at: number, ignored: string[]): void {
  const current = store.value(row, 'CallRecordingId');
  const linked = typeof current === 'string' ? current : null;
  const duration = changes.totalRecordingDuration ?? changes.agentInteractionDuration + changes.totalHoldDuration;
  if (changes.recordingLocation !== undefined) {
    const id = store.recordings.upsert(linked, store.idOf(row), changes.recordingLocation, duration, at);
    if (id !== linked) store.update(row, { CallRecordingId: id });
  } else if (changes.totalRecordingDuration !== undefined) {
    if (linked === null || !store.recordings.setDuration(linked, duration, at)) ignored.push('totalRecordingDuration');
  }
}

/** The newest VoiceCall whose VendorCallKey is exactly `key`, if any. */
function rowOfVendorKey(store: VoiceCallStore, key: string): number | undefined {
  return store
    .rowsByVendorKey(key)
    .filter((r) => store.value(r, 'VendorCallKey') === key)
    .at(-1);
}

export { applyVoiceCallChanges, CALL_TYPES, missingForCreate, parseTelephonyPatch, requiredFieldMissing, rowOfVendorKey };
export type { ApplyResult, TelephonyTarget, VoiceCallChanges };
