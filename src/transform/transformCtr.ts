import type { ContactTraceRecord, CtrEndpoint } from '../ctr/ContactTraceRecord.ts';
import { MalformedCtrError } from '../errors.ts';
import { CURRENT_SCV_TRANSFORM_OPTIONS, type TelephonyPatchFields, type TransformOptions, type VoiceCallPatch } from './TelephonyPatch.ts';

/**
 * DisconnectReasons SCV flags as errors (`ERROR_DISCONNECT_REASON` in
 * `service-cloud-voice/ServiceCloudVoiceLambdas:ctrDataSync/utils.js`, since CC 12.0).
 */
const ERROR_DISCONNECT_REASONS: readonly string[] = Object.freeze(['TELECOM_PROBLEM', 'CONTACT_FLOW_DISCONNECT', 'OTHER']);
/** SCV's from/to placeholder for a WebRTC call without attribute or endpoint address. */
const WEBRTC_DEFAULT = 'WebRTC_Default';
/** Prefix that marks a contact attribute as a VoiceCall custom field. */
const CALL_ATTRIBUTE_PREFIX = 'sfdc-';
/** Attribute SCV always copies into callAttributes when it is truthy. */
const TRANSCRIPTION_STATUS = 'sf_realtime_transcription_status';

/**
 * SCV's `getCallAttributes` + `JSON.stringify`, quirks included: `sfdc-` keys with the prefix
 * stripped, and a truthy `sf_realtime_transcription_status` (re)assigned on every iteration, so it
 * lands right after the first key's entry. Key order therefore matches SCV's string byte for byte.
 * `__proto__` is skipped: assigning a string to it is a no-op in SCV's plain object too.
 */
function callAttributesJson(attributes: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(attributes)) {
    if (key.startsWith(CALL_ATTRIBUTE_PREFIX)) {
      const name = key.slice(CALL_ATTRIBUTE_PREFIX.length);
      if (name !== '__proto__') out[name] = attributes[key];
    }
    if (attributes[TRANSCRIPTION_STATUS]) out[TRANSCRIPTION_STATUS] = attributes[TRANSCRIPTION_STATUS];
  }
  return JSON.stringify(out);
}

/** SCV's `getWebRTCAttributeValue`: the attribute, else the endpoint address, else the placeholder. */
function webRtcValue(attribute: unknown, endpoint: CtrEndpoint | null | undefined): unknown {
  if (attribute) return attribute;
  if (endpoint?.Address) return endpoint.Address;
  return WEBRTC_DEFAULT;
}

/**
 * Builds the Telephony Integration API PATCH body exactly as SCV's current `transformCTR` does
 * (`service-cloud-voice/ServiceCloudVoiceLambdas:ctrDataSync/utils.js`, newest stored version
 * 1024a14; ../shared/reference/scv-internals.md §1.4):
 *
 * - `startTime`/`endTime`/`parentCallIdentifier` from InitiationTimestamp, DisconnectTimestamp,
 *   PreviousContactId; `disconnectReason: {value, isError}` (isError for TELECOM_PROBLEM,
 *   CONTACT_FLOW_DISCONNECT, OTHER), null → `UNKNOWN`, `Attributes.callback_flag` → `CALLBACK`.
 * - Agent fields only with a truthy `Agent`, Queue fields only with a truthy `Queue`.
 * - `initiationMethod` (API → INBOUND); OUTBOUND/CALLBACK: system → from, customer → to;
 *   WEBRTC_API: `Attributes.WebRTC_From/WebRTC_To`, else SystemEndpoint/CustomerEndpoint address,
 *   else `WebRTC_Default`; all others: customer → from, system → to; `callSubType` WebRTC or PSTN.
 * - `recordingLocation` from the singular `Recording` (human-agent leg only in current SCV).
 * - `callAttributes` whenever `Attributes` is truthy (so `"{}"` for no `sfdc-` keys).
 * - Top-level null/undefined keys removed; other falsy values (`0`, `""`) kept.
 *
 * SCV throws a TypeError for a WEBRTC_API CTR without `Attributes`; {@link scvExclusion} excludes
 * such a CTR (rule `scv-throws`), and if one is transformed anyway its attributes count as empty.
 *
 * @param ctr - a parsed contact record (normally one {@link scvExclusion} lets through)
 * @param options - SCV-version switches; defaults are the newest SCV behaviour
 * @returns the ContactId and the PATCH body
 * @throws MalformedCtrError (`missing-contact-id`) when the CTR has no ContactId
 */
function transformCtr(ctr: ContactTraceRecord, options?: TransformOptions): VoiceCallPatch {
  if (typeof ctr.ContactId !== 'string' || ctr.ContactId === '') {
    throw new MalformedCtrError('missing-contact-id', 'Cannot transform a CTR without a ContactId');
  }
  const o = { ...CURRENT_SCV_TRANSFORM_OPTIONS, ...definedOnly(options) };
  const fields: Record<string, unknown> = {};
  const attributes = ctr.Attributes ?? undefined;

  fields.startTime = ctr.InitiationTimestamp;
  fields.endTime = ctr.DisconnectTimestamp;
  fields.parentCallIdentifier = ctr.PreviousContactId;
  const reason = ctr.DisconnectReason;
  fields.disconnectReason = {
    value: o.unknownDisconnectReason ? reason || 'UNKNOWN' : reason,
    isError: typeof reason === 'string' && ERROR_DISCONNECT_REASONS.includes(reason),
  };
  if (o.unknownDisconnectReason === false && reason === undefined) {
    fields.disconnectReason = { isError: false };
  }
  if (o.callbackFlag && attributes?.callback_flag) {
    fields.disconnectReason = { value: 'CALLBACK', isError: false };
  }
  if (o.secretName && attributes?.secretName) fields.secretName = attributes.secretName;

  const agent = ctr.Agent;
  if (agent) {
    fields.acceptTime = o.emptyAcceptTime ? agent.ConnectedToAgentTimestamp || '' : agent.ConnectedToAgentTimestamp;
    fields.totalHoldDuration = agent.CustomerHoldDuration;
    fields.longestHoldDuration = agent.LongestHoldDuration;
    fields.agentInteractionDuration = agent.AgentInteractionDuration;
    fields.numberOfHolds = agent.NumberOfHolds;
  }
  if (ctr.Queue) {
    fields.enqueueTime = ctr.Queue.EnqueueTimestamp;
    fields.queue = ctr.Queue.Name;
  }

  const method = ctr.InitiationMethod;
  if (method) {
    fields.initiationMethod = method === 'API' ? 'INBOUND' : method;
    if (method === 'OUTBOUND' || method === 'CALLBACK') {
      if (ctr.SystemEndpoint) fields.fromNumber = ctr.SystemEndpoint.Address;
      if (ctr.CustomerEndpoint) fields.toNumber = ctr.CustomerEndpoint.Address;
    } else if (method === 'WEBRTC_API') {
      fields.fromNumber = webRtcValue(attributes?.WebRTC_From, ctr.SystemEndpoint);
      fields.toNumber = webRtcValue(attributes?.WebRTC_To, ctr.CustomerEndpoint);
    } else {
      if (ctr.SystemEndpoint) fields.toNumber = ctr.SystemEndpoint.Address;
      if (ctr.CustomerEndpoint) fields.fromNumber = ctr.CustomerEndpoint.Address;
    }
    fields.callSubType = method === 'WEBRTC_API' ? 'WebRTC' : 'PSTN';
  }

  if (o.recordingRequiresAgentInteraction) {
    if (Number(agent?.AgentInteractionDuration) > 0 && ctr.Recording?.Location) fields.recordingLocation = ctr.Recording.Location;
  } else if (ctr.Recording) {
    fields.recordingLocation = ctr.Recording.Location;
  }

  if (attributes) fields.callAttributes = callAttributesJson(attributes);

  for (const key of Object.keys(fields)) {
    if (fields[key] === null || fields[key] === undefined) delete fields[key];
  }
  return { contactId: ctr.ContactId, fields: fields as TelephonyPatchFields };
}

/** The options with undefined entries dropped, so `{ x: undefined }` keeps the default. */
function definedOnly(options: TransformOptions | undefined): TransformOptions {
  if (!options) return {};
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as TransformOptions;
}

export { ERROR_DISCONNECT_REASONS, transformCtr };
