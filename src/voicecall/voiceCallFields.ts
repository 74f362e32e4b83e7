import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';

/** The VoiceCall fields the CTR sync fills, as a SOQL query returns them. */
interface VoiceCallRow {
  readonly Id: string;
  readonly VendorCallKey: string | null;
  readonly CallStartDateTime: string | null;
  readonly CallEndDateTime: string | null;
  readonly CallAcceptDateTime: string | null;
  readonly CallQueuedDateTime: string | null;
  readonly CustomerHoldDuration: number | null;
  readonly LongestHoldDuration: number | null;
  readonly NumberOfHolds: number | null;
  readonly QueueName: string | null;
  readonly DisconnectReason: string | null;
}

type SyncedField = Exclude<keyof VoiceCallRow, 'Id' | 'VendorCallKey'>;

/** Fields read for candidates and verification (all standard, all filterable). */
const VOICECALL_FIELDS: readonly (keyof VoiceCallRow)[] = [
  'Id',
  'VendorCallKey',
  'CallStartDateTime',
  'CallEndDateTime',
  'CallAcceptDateTime',
  'CallQueuedDateTime',
  'CustomerHoldDuration',
  'LongestHoldDuration',
  'NumberOfHolds',
  'QueueName',
  'DisconnectReason',
];

const DATETIME_FIELDS = new Set<SyncedField>(['CallStartDateTime', 'CallEndDateTime', 'CallAcceptDateTime', 'CallQueuedDateTime']);

/** What a VoiceCall should hold once a PATCH has been applied. */
type ExpectedValues = Partial<Record<SyncedField, string | number>>;

/**
 * The VoiceCall values a Telephony API PATCH produces, per the Update a Voice Call Record docs
 * (scv-internals.md §2, §3.1): only fields that were sent, except that an unsent
 * totalHoldDuration or numberOfHolds becomes 0. Empty strings (SCV sends `acceptTime: ""` when an
 * agent leg has no ConnectedToAgentTimestamp) set nothing we can check.
 */
function expectedValues(fields: TelephonyPatchFields): ExpectedValues {
  const out: ExpectedValues = {};
  if (fields.startTime) out.CallStartDateTime = fields.startTime;
  if (fields.endTime) out.CallEndDateTime = fields.endTime;
  if (fields.acceptTime) out.CallAcceptDateTime = fields.acceptTime;
  if (fields.enqueueTime) out.CallQueuedDateTime = fields.enqueueTime;
  out.CustomerHoldDuration = fields.totalHoldDuration ?? 0;
  if (fields.longestHoldDuration !== undefined) out.LongestHoldDuration = fields.longestHoldDuration;
  out.NumberOfHolds = fields.numberOfHolds ?? 0;
  if (fields.queue) out.QueueName = fields.queue;
  if (typeof fields.disconnectReason?.value === 'string') out.DisconnectReason = fields.disconnectReason.value;
  return out;
}

/** One field that differs between a VoiceCall and what its CTR says. */
interface FieldChange {
  readonly field: SyncedField;
  readonly current: string | number | null;
  readonly expected: string | number;
}

/** True when a VoiceCall's value already equals what the CTR says (datetimes compared as instants). */
function sameValue(field: SyncedField, current: string | number | null, expected: string | number): boolean {
  if (current === null || current === undefined) return false;
  if (DATETIME_FIELDS.has(field)) {
    const a = Date.parse(String(current));
    const b = Date.parse(String(expected));
    return !Number.isNaN(a) && a === b;
  }
  if (typeof expected === 'number') return Number(current) === expected;
  return String(current) === expected;
}

/** The fields of `row` that do not yet hold the expected values (empty when it is in sync). */
function diffVoiceCall(row: VoiceCallRow, expected: ExpectedValues): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(expected) as [SyncedField, string | number][]) {
    const current = row[field];
    if (!sameValue(field, current, value)) changes.push({ field, current, expected: value });
  }
  return changes;
}

export { diffVoiceCall, expectedValues, sameValue, VOICECALL_FIELDS };
export type { ExpectedValues, FieldChange, SyncedField, VoiceCallRow };
