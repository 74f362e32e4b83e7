/**
 * The Amazon Connect contact record as the simulator sees it: the fields it reads to create
 * VoiceCalls and that its day generator writes, every one optional and nullable, unknown fields
 * allowed. Its own structural type, so the simulator depends on no product code; any CTR type of
 * the same shape (the product's `ContactTraceRecord`) can be passed in.
 */

type Nullable<T> = T | null | undefined;

interface SimulatedCtrEndpoint {
  Address?: Nullable<string>;
  Type?: Nullable<string>;
  [field: string]: unknown;
}

interface SimulatedCtrAgent {
  ARN?: Nullable<string>;
  Username?: Nullable<string>;
  ConnectedToAgentTimestamp?: Nullable<string>;
  CustomerHoldDuration?: Nullable<number>;
  LongestHoldDuration?: Nullable<number>;
  NumberOfHolds?: Nullable<number>;
  AgentInteractionDuration?: Nullable<number>;
  [field: string]: unknown;
}

interface SimulatedCtrQueue {
  ARN?: Nullable<string>;
  Name?: Nullable<string>;
  EnqueueTimestamp?: Nullable<string>;
  DequeueTimestamp?: Nullable<string>;
  Duration?: Nullable<number>;
  [field: string]: unknown;
}

interface SimulatedCtrRecording {
  Location?: Nullable<string>;
  Status?: Nullable<string>;
  Type?: Nullable<string>;
  [field: string]: unknown;
}

interface SimulatedCtr {
  ContactId?: Nullable<string>;
  InitialContactId?: Nullable<string>;
  PreviousContactId?: Nullable<string>;
  NextContactId?: Nullable<string>;
  Channel?: Nullable<string>;
  InitiationMethod?: Nullable<string>;
  InitiationTimestamp?: Nullable<string>;
  DisconnectTimestamp?: Nullable<string>;
  LastUpdateTimestamp?: Nullable<string>;
  DisconnectReason?: Nullable<string>;
  InstanceARN?: Nullable<string>;
  Agent?: Nullable<SimulatedCtrAgent>;
  Queue?: Nullable<SimulatedCtrQueue>;
  Recording?: Nullable<SimulatedCtrRecording>;
  Recordings?: Nullable<SimulatedCtrRecording[]>;
  Attributes?: Nullable<Record<string, Nullable<string>>>;
  CustomerEndpoint?: Nullable<SimulatedCtrEndpoint>;
  SystemEndpoint?: Nullable<SimulatedCtrEndpoint>;
  [field: string]: unknown;
}

/**
 * What SCV's CTR sync does with one CTR version: skip it (`excluded`, with the rule's name), or
 * send these Telephony Integration API fields (the body of `PATCH /voiceCalls/{id}`).
 */
type ScvSyncResult = { readonly excluded: string } | { readonly fields: object };

/**
 * The SCV sync the simulator simulates when it seeds VoiceCalls from CTRs, injected by the caller
 * (the product passes its own filters and transform). May throw for a CTR it cannot map; seeding
 * counts that version as rejected.
 */
type ScvSync = (ctr: SimulatedCtr) => ScvSyncResult;

export type { ScvSync, ScvSyncResult, SimulatedCtr, SimulatedCtrAgent, SimulatedCtrEndpoint, SimulatedCtrQueue, SimulatedCtrRecording };
