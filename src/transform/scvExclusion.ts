import type { ContactTraceRecord } from '../ctr/ContactTraceRecord.ts';
import { CURRENT_SCV_TRANSFORM_OPTIONS, type ScvExclusion, type TransformOptions } from './TelephonyPatch.ts';

/**
 * InitiationMethods SCV's CTRDataSyncFunction syncs (`shouldProcessCtr` in
 * `service-cloud-voice/ServiceCloudVoiceLambdas:ctrDataSync/handler.js`; `API` since CC 11.0,
 * `WEBRTC_API` since CC 16.1). QUEUE_TRANSFER, DISCONNECT, MONITOR, EXTERNAL_OUTBOUND,
 * AGENT_REPLY and FLOW are never synced.
 */
const SCV_SYNCED_INITIATION_METHODS: readonly string[] = Object.freeze(['INBOUND', 'OUTBOUND', 'TRANSFER', 'CALLBACK', 'API', 'WEBRTC_API']);

/** A short, printable rendering of an enum-like CTR value for a detail message. */
function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * Says whether SCV's sync deliberately skips a CTR, and why: the rules of `shouldProcessCtr`, in
 * its order, as a reason instead of a boolean. JavaScript truthiness is kept on purpose (SCV's
 * checks are `Attributes.vm_flag && Recordings`, so `vm_flag: "0"` and `Recordings: []` count).
 *
 * Rules, first match wins:
 * 1. `no-sync`: `Attributes.NoSync === 'true'` (the string; CC 15.0+).
 * 2. `channel`: `Channel` not `"VOICE"` (newest SCV, c8cf8db: a missing Channel too); the
 *    `channelRule` option gives the older releases' rules.
 * 3. `initiation-method`: InitiationMethod not in {@link SCV_SYNCED_INITIATION_METHODS}.
 * 4. `missing-contact-id`: ContactId falsy.
 * 5. `voicemail`: `Attributes.vm_flag` truthy and `Recordings` truthy (CC 13.0+: the voicemail
 *    packager updates those VoiceCalls itself).
 * 6. `scv-throws`: a WEBRTC_API CTR whose `Attributes` is missing or null. Not a rule of
 *    `shouldProcessCtr`: SCV's `transformCTR` reads `ctr.Attributes.WebRTC_From` and throws, so SCV
 *    never syncs such a CTR (scv-internals.md §7); a resync must not either.
 *
 * Details never carry attribute values or phone numbers.
 *
 * @param ctr - a parsed contact record
 * @param options - SCV-version switches; only `channelRule` matters here
 * @returns the exclusion, or `undefined` when SCV would sync the CTR
 */
function scvExclusion(ctr: ContactTraceRecord, options?: TransformOptions): ScvExclusion | undefined {
  const channelRule = options?.channelRule ?? CURRENT_SCV_TRANSFORM_OPTIONS.channelRule;
  const attributes = ctr.Attributes;
  if (attributes?.NoSync === 'true') {
    return { rule: 'no-sync', detail: "Contact attribute NoSync is 'true'" };
  }
  const present = ctr.Channel !== undefined && ctr.Channel !== null;
  if ((channelRule === 'voice-only' || (channelRule === 'non-voice' && present)) && ctr.Channel !== 'VOICE') {
    return { rule: 'channel', detail: `Channel ${show(ctr.Channel)} is not synced by SCV (VOICE only)` };
  }
  if (typeof ctr.InitiationMethod !== 'string' || !SCV_SYNCED_INITIATION_METHODS.includes(ctr.InitiationMethod)) {
    return { rule: 'initiation-method', detail: `InitiationMethod ${show(ctr.InitiationMethod)} is not synced by SCV` };
  }
  if (!ctr.ContactId) {
    return { rule: 'missing-contact-id', detail: 'ContactId is missing or empty' };
  }
  if (attributes?.vm_flag && ctr.Recordings) {
    return { rule: 'voicemail', detail: 'Voicemail (vm_flag with Recordings) is updated by the SCV voicemail packager, not the CTR sync' };
  }
  if (ctr.InitiationMethod === 'WEBRTC_API' && (attributes === undefined || attributes === null)) {
    return { rule: 'scv-throws', detail: "WEBRTC_API CTR without Attributes: SCV's transform throws on it, so SCV never syncs it" };
  }
  return undefined;
}

export { SCV_SYNCED_INITIATION_METHODS, scvExclusion };
