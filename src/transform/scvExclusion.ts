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
 * 2. `channel`: `Channel` present and not `VOICE` (newer SCV; off with `channelFilter: false`).
 * 3. `initiation-method`: InitiationMethod not in {@link SCV_SYNCED_INITIATION_METHODS}.
 * 4. `missing-contact-id`: ContactId falsy.
 * 5. `voicemail`: `Attributes.vm_flag` truthy and `Recordings` truthy (CC 13.0+: the voicemail
 *    packager updates those VoiceCalls itself).
 *
 * Details never carry attribute values or phone numbers.
 *
 * @param ctr - a parsed contact record
 * @param options - SCV-version switches; only `channelFilter` matters here
 * @returns the exclusion, or `undefined` when SCV would sync the CTR
 */
function scvExclusion(ctr: ContactTraceRecord, options?: TransformOptions): ScvExclusion | undefined {
  const channelFilter = options?.channelFilter ?? CURRENT_SCV_TRANSFORM_OPTIONS.channelFilter;
  const attributes = ctr.Attributes;
  if (attributes?.NoSync === 'true') {
    return { rule: 'no-sync', detail: "Contact attribute NoSync is 'true'" };
  }
  if (channelFilter && ctr.Channel !== undefined && ctr.Channel !== null && ctr.Channel !== 'VOICE') {
    return { rule: 'channel', detail: `Channel ${show(ctr.Channel)} is not synced by SCV (VOICE only)` };
  }
  if (typeof ctr.InitiationMethod !== 'string' || !SCV_SYNCED_INITIATION_METHODS.includes(ctr.InitiationMethod)) {
    return { rule: 'initiation-method', detail: `InitiationMethod ${show(ctr.InitiationMethod)} is not synced by SCV` };
  }
  if (!ctr.ContactId) {
    return { rule: 'missing-contact-id', detail: 'ContactId is missing or empty' };
  }
  if (attributes && Boolean(attributes.vm_flag) && Boolean(ctr.Recordings)) {
    return { rule: 'voicemail', detail: 'Voicemail (vm_flag with Recordings) is updated by the SCV voicemail packager, not the CTR sync' };
  }
  return undefined;
}

export { SCV_SYNCED_INITIATION_METHODS, scvExclusion };
