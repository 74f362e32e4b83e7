/**
 * The Amazon Connect contact record (CTR) as this project reads it. Every field is optional and
 * nullable, because real CTRs carry `null` for Agent, Queue, Recording, Recordings and more
 * (../shared/reference/connect-ctr.md §1.5), and unknown fields are kept through the index
 * signature: Amazon Connect adds fields over time and the archive must never drop them.
 */

type Nullable<T> = T | null | undefined;

interface CtrEndpoint {
  Address?: Nullable<string>;
  Type?: Nullable<string>;
  [field: string]: unknown;
}

interface CtrAgent {
  ARN?: Nullable<string>;
  Username?: Nullable<string>;
  ConnectedToAgentTimestamp?: Nullable<string>;
  CustomerHoldDuration?: Nullable<number>;
  LongestHoldDuration?: Nullable<number>;
  NumberOfHolds?: Nullable<number>;
  AgentInteractionDuration?: Nullable<number>;
  [field: string]: unknown;
}

interface CtrQueue {
  ARN?: Nullable<string>;
  Name?: Nullable<string>;
  EnqueueTimestamp?: Nullable<string>;
  DequeueTimestamp?: Nullable<string>;
  Duration?: Nullable<number>;
  [field: string]: unknown;
}

interface CtrRecording {
  Location?: Nullable<string>;
  Status?: Nullable<string>;
  Type?: Nullable<string>;
  [field: string]: unknown;
}

interface ContactTraceRecord {
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
  Agent?: Nullable<CtrAgent>;
  Queue?: Nullable<CtrQueue>;
  Recording?: Nullable<CtrRecording>;
  Recordings?: Nullable<CtrRecording[]>;
  Attributes?: Nullable<Record<string, Nullable<string>>>;
  CustomerEndpoint?: Nullable<CtrEndpoint>;
  SystemEndpoint?: Nullable<CtrEndpoint>;
  [field: string]: unknown;
}

/**
 * A CTR that passed validation, with its original JSON text. The archive stores `raw`, never a
 * re-serialisation, so field order and unknown fields survive byte for byte.
 */
interface ParsedCtr {
  /** The parsed record (read-only use: the archive stores `raw`). */
  readonly ctr: ContactTraceRecord;
  /** The record's original JSON text. */
  readonly raw: string;
  /** The validated ContactId. */
  readonly contactId: string;
  /** LastUpdateTimestamp normalised to ISO 8601 with milliseconds (`2022-01-05T17:48:35.000Z`). */
  readonly lastUpdateTimestamp: string;
  /** InitiationTimestamp normalised the same way, when the record has a usable one. */
  readonly initiationTimestamp: string | undefined;
  /** SHA-256 (hex) of the record's canonical JSON: equal for equal content, whatever the whitespace. */
  readonly contentHash: string;
}

export type { ContactTraceRecord, CtrAgent, CtrEndpoint, CtrQueue, CtrRecording, Nullable, ParsedCtr };
