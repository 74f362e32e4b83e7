import type { CustomFieldType } from './SimulatorConfig.ts';

/** Salesforce field types the simulator models. */
type FieldType = 'id' | 'string' | 'picklist' | 'phone' | 'textarea' | 'datetime' | 'date' | 'int' | 'double' | 'boolean';

/** How a field's values are kept (see VoiceCallStore). */
type FieldStorage = 'computed' | 'number' | 'dict' | 'plain' | 'sparse';

/** One VoiceCall field as the simulated org describes it. */
interface FieldDef {
  /** API name with its canonical case. */
  readonly name: string;
  readonly type: FieldType;
  readonly storage: FieldStorage;
  /** Settable through the standard REST API on update (PATCH sobjects / composite). */
  readonly updatable: boolean;
  /** Create-only (Create but not Update in the object reference): refused on PATCH. */
  readonly createOnly: boolean;
  readonly custom: boolean;
}

const VOICE_CALL = 'VoiceCall';

/**
 * The VoiceCall fields the CTR sync and the Telephony API touch, with their properties from the
 * object reference (v67.0): the CTR fields (CallRecordingId among them) are Create but not Update,
 * and CallDisposition, CallOrigin, CallSubType and PreviousCallId are not in its list of updatable
 * fields either; Description and CallResolution are updatable.
 */
const STANDARD_FIELDS: readonly FieldDef[] = [
  { name: 'Id', type: 'id', storage: 'computed', updatable: false, createOnly: false, custom: false },
  ...(
    [
      ['VendorCallKey', 'string', 'plain'],
      ['CallStartDateTime', 'datetime', 'number'],
      ['CallEndDateTime', 'datetime', 'number'],
      ['CallDurationInSeconds', 'int', 'number'],
      ['CallAcceptDateTime', 'datetime', 'number'],
      ['CallQueuedDateTime', 'datetime', 'number'],
      ['CustomerHoldDuration', 'int', 'number'],
      ['LongestHoldDuration', 'int', 'number'],
      ['NumberOfHolds', 'int', 'number'],
      ['QueueName', 'string', 'dict'],
      ['DisconnectReason', 'picklist', 'dict'],
      ['FromPhoneNumber', 'phone', 'plain'],
      ['ToPhoneNumber', 'phone', 'plain'],
      ['CallType', 'picklist', 'dict'],
      // Filled by the Telephony API PATCH (docs/simulator.md §4): CallDisposition from isActiveCall,
      // CallOrigin from callOrigin, CallRecordingId from recordingLocation (a VoiceCallRecording);
      // CallSubType and PreviousCallId from the undocumented callSubType / parentCallIdentifier.
      ['CallDisposition', 'string', 'dict'],
      ['CallOrigin', 'picklist', 'sparse'],
      ['CallSubType', 'picklist', 'dict'],
      ['PreviousCallId', 'string', 'sparse'],
      ['CallRecordingId', 'string', 'sparse'],
    ] as const
  ).map(([name, type, storage]): FieldDef => ({ name, type, storage, updatable: false, createOnly: true, custom: false })),
  { name: 'Description', type: 'textarea', storage: 'sparse', updatable: true, createOnly: false, custom: false },
  { name: 'CallResolution', type: 'picklist', storage: 'sparse', updatable: true, createOnly: false, custom: false },
  { name: 'CreatedDate', type: 'datetime', storage: 'number', updatable: false, createOnly: false, custom: false },
  { name: 'LastModifiedDate', type: 'datetime', storage: 'number', updatable: false, createOnly: false, custom: false },
];

/** The field definition of a declared custom field. */
function customFieldDef(name: string, type: CustomFieldType): FieldDef {
  const storage: FieldStorage = type === 'string' || type === 'textarea' ? 'sparse' : 'number';
  return { name, type, storage, updatable: true, createOnly: false, custom: true };
}

/** Whether values of this type are kept as numbers (dateTime and date as epoch milliseconds). */
function isNumericType(type: FieldType): boolean {
  return type === 'datetime' || type === 'date' || type === 'int' || type === 'double' || type === 'boolean';
}

export { customFieldDef, isNumericType, STANDARD_FIELDS, VOICE_CALL };
export type { FieldDef, FieldStorage, FieldType };
