/**
 * The body SCV's CTRDataSyncFunction sends to the Telephony Integration API
 * (`PATCH {SCRT}/voiceCalls/{id}`), field for field as its `transformCTR` builds it
 * (../shared/reference/scv-internals.md §1.4; `service-cloud-voice/ServiceCloudVoiceLambdas:ctrDataSync/utils.js`).
 * Keys that would be null or undefined are omitted, and the keys appear in SCV's insertion order.
 */
interface TelephonyPatchFields {
  startTime?: string;
  endTime?: string;
  parentCallIdentifier?: string;
  /**
   * Always present. `value` is a string with the current SCV (null/absent DisconnectReason becomes
   * `UNKNOWN`); with the legacy option `unknownDisconnectReason: false` it is `null` for a null
   * DisconnectReason and absent for a missing one, exactly as SCV's JSON.stringify sent it.
   */
  disconnectReason?: { value?: string | null; isError: boolean };
  /**
   * Newer SCV (multi-org): the `secretName` contact attribute, which the newer
   * InvokeTelephonyIntegrationApiFunction reads from `fieldValues` to pick the org's secret.
   */
  secretName?: string;
  /** With an Agent present, current SCV sends `""` when ConnectedToAgentTimestamp is missing. */
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
type ScvExclusionRule = 'no-sync' | 'voicemail' | 'initiation-method' | 'missing-contact-id' | 'channel' | 'scv-throws';

/** A CTR that SCV's sync deliberately skips, and why. */
interface ScvExclusion {
  readonly rule: ScvExclusionRule;
  /** Human-readable detail, e.g. `InitiationMethod QUEUE_TRANSFER is not synced by SCV`. */
  readonly detail: string;
}

/**
 * Switches for the points where SCV versions differ. Every default is the newest SCV behaviour
 * found in `service-cloud-voice/ServiceCloudVoiceLambdas` (see docs/salesforce-client.md, "Transform");
 * {@link LEGACY_SCV_TRANSFORM_OPTIONS} turns them all off (the code at commit 57e7dd0 / 9bddb66).
 */
interface TransformOptions {
  /**
   * A null or missing DisconnectReason is sent as `{ value: 'UNKNOWN', isError: false }`.
   * Newer `ctrDataSync/utils.js` (1024a14) and its test @90f30da; 57e7dd0 sent the null through.
   * @default true
   */
  readonly unknownDisconnectReason?: boolean;
  /**
   * A truthy `Attributes.callback_flag` overrides the reason with `{ value: 'CALLBACK', isError: false }`.
   * Newer `utils.js` (1024a14), test @90f30da.
   * @default true
   */
  readonly callbackFlag?: boolean;
  /**
   * With an Agent present, a missing ConnectedToAgentTimestamp is sent as `acceptTime: ""`
   * (newer `utils.js`: `ConnectedToAgentTimestamp || ""`); when false the key is omitted.
   * @default true
   */
  readonly emptyAcceptTime?: boolean;
  /**
   * `recordingLocation` only for the human-agent leg: `Agent.AgentInteractionDuration > 0` and a
   * truthy `Recording.Location` (newer `utils.js`). When false, any `Recording.Location` is sent.
   * @default true
   */
  readonly recordingRequiresAgentInteraction?: boolean;
  /**
   * Copy the `secretName` contact attribute to `fields.secretName` (newer `utils.js`, multi-org).
   * @default true
   */
  readonly secretName?: boolean;
  /**
   * Which CTRs the channel rule of `shouldProcessCtr` skips:
   * - `voice-only` (newest SCV): every CTR whose `Channel` is not exactly `"VOICE"`, a missing or
   *   null Channel included (`ctrRecord.Channel === "VOICE"` in `ctrDataSync/handler.js` from the
   *   2025-09-13 release on: archana1296/ServiceCloudVoiceLambdas@c8cf8db, scv-internals.md §7);
   * - `non-voice`: only a Channel that is present and not `VOICE` (this project's reading of
   *   `ctrDataSync/tests/handler.test.js` @90f30da before that source was found);
   * - `none`: no channel rule (SCV 57e7dd0, 2025-07-02).
   * @default 'voice-only'
   */
  readonly channelRule?: ChannelRule;
}

/** The channel rule of each SCV release (see {@link TransformOptions.channelRule}). */
type ChannelRule = 'voice-only' | 'non-voice' | 'none';

/** The newest SCV behaviour: every {@link TransformOptions} switch on. */
const CURRENT_SCV_TRANSFORM_OPTIONS: Required<TransformOptions> = Object.freeze({
  unknownDisconnectReason: true,
  callbackFlag: true,
  emptyAcceptTime: true,
  recordingRequiresAgentInteraction: true,
  secretName: true,
  channelRule: 'voice-only',
});

/** SCV as of commit 57e7dd0 (2025-07-02, "Releasing lambdas (#100)"): every switch off. */
const LEGACY_SCV_TRANSFORM_OPTIONS: Required<TransformOptions> = Object.freeze({
  unknownDisconnectReason: false,
  callbackFlag: false,
  emptyAcceptTime: false,
  recordingRequiresAgentInteraction: false,
  secretName: false,
  channelRule: 'none',
});

export { CURRENT_SCV_TRANSFORM_OPTIONS, LEGACY_SCV_TRANSFORM_OPTIONS };
export type { ChannelRule, ScvExclusion, ScvExclusionRule, TelephonyPatchFields, TransformOptions, VoiceCallPatch };
