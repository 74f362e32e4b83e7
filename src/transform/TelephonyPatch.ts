/**
 * The body SCV's CTRDataSyncFunction sends to the Telephony Integration API
 * (`PATCH {SCRT}/voiceCalls/{id}`), field for field as its `transformCTR` builds it
 * (../shared/reference/scv-internals.md §1.4). Keys that would be null or undefined are omitted.
 */
interface TelephonyPatchFields {
  startTime?: string;
  endTime?: string;
  parentCallIdentifier?: string;
  disconnectReason?: { value: string; isError: boolean };
  acceptTime?: string;
  totalHoldDuration?: number;
  longestHoldDuration?: number;
  agentInteractionDuration?: number;
  numberOfHolds?: number;
  enqueueTime?: string;
  queue?: string;
  initiationMethod?: string;
  fromNumber?: string;
  toNumber?: string;
  callSubType?: 'WebRTC' | 'PSTN';
  recordingLocation?: string;
  /** JSON string of custom field → value, from `sfdc-` prefixed contact attributes. */
  callAttributes?: string;
}

/** What transformCtr returns: the vendor call key (ContactId) and the PATCH body. */
interface VoiceCallPatch {
  readonly contactId: string;
  readonly fields: TelephonyPatchFields;
}

/** Which SCV rule keeps a CTR from being synced (shouldProcessCtr returning false). */
type ScvExclusionRule = 'no-sync' | 'voicemail' | 'initiation-method' | 'missing-contact-id' | 'channel';

/** A CTR that SCV's sync deliberately skips, and why. */
interface ScvExclusion {
  readonly rule: ScvExclusionRule;
  /** Human-readable detail, e.g. `InitiationMethod QUEUE_TRANSFER is not synced by SCV`. */
  readonly detail: string;
}

export type { ScvExclusion, ScvExclusionRule, TelephonyPatchFields, VoiceCallPatch };
