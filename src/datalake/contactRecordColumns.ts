/**
 * The `contact_record` columns of the Amazon Connect analytics data lake this project reads, each
 * with the CTR field it becomes and its source. UNVERIFIED marks a name no AWS page confirmed.
 *
 * Sources:
 * - DL-CONTACT: docs.aws.amazon.com/connect/latest/adminguide/data-lake-contact-data.md (primary key
 *   `instance_id, contact_id`; daily partition on `initiation_timestamp`; join keys
 *   `initial/previous/related/next_contact_id`, `agent_id`, `queue_id`; start of the column table).
 * - DL-RETENTION: docs.aws.amazon.com/en_us/connect/latest/adminguide/data-lake-data-retention.html
 *   (`contact_record` ages on `disconnect_timestamp`).
 * - AWS-SQL: docs.aws.amazon.com/connect/latest/adminguide/identify-conferences-transfers.html
 *   (AWS's own query reads `agent_customer_hold_duration_ms`, `agent_interaction_duration_ms`).
 * - UNVERIFIED-3P: seen only in third-party Athena views and a third-party column summary of the
 *   table (../shared/reference/connect-data-lake.md §A marks `agent_number_of_holds` so).
 * - UNVERIFIED: no source seen at all.
 *
 * All via ../shared/reference/connect-data-lake.md and connect-ctr.md §3.5 unless noted.
 */

/** How a column's text becomes a CTR value. */
type ColumnKind = 'id' | 'string' | 'timestamp' | 'duration-ms' | 'count' | 'json-map';

/** Where a column's name comes from. */
type ColumnSource = 'DL-CONTACT' | 'DL-RETENTION' | 'AWS-SQL' | 'UNVERIFIED-3P' | 'UNVERIFIED';

/** One data-lake column, the CTR field (transform input) it fills, and the name's source. */
interface ContactRecordColumn {
  /** Column name in `contact_record` (or the query's alias, for `attributes`). */
  readonly column: string;
  /** The CTR path it fills, e.g. `Agent.CustomerHoldDuration`. */
  readonly ctrField: string;
  readonly kind: ColumnKind;
  readonly source: ColumnSource;
}

/** The SELECT alias of `json_format(CAST(attributes AS JSON))`: the map as a JSON object string. */
const ATTRIBUTES_JSON_ALIAS = 'attributes_json';

const CONTACT_RECORD_COLUMNS: readonly ContactRecordColumn[] = Object.freeze([
  { column: 'contact_id', ctrField: 'ContactId', kind: 'id', source: 'DL-CONTACT' },
  { column: 'initial_contact_id', ctrField: 'InitialContactId', kind: 'string', source: 'DL-CONTACT' },
  { column: 'previous_contact_id', ctrField: 'PreviousContactId', kind: 'string', source: 'DL-CONTACT' },
  { column: 'next_contact_id', ctrField: 'NextContactId', kind: 'string', source: 'DL-CONTACT' },
  { column: 'channel', ctrField: 'Channel', kind: 'string', source: 'DL-CONTACT' },
  { column: 'initiation_method', ctrField: 'InitiationMethod', kind: 'string', source: 'DL-CONTACT' },
  { column: 'initiation_timestamp', ctrField: 'InitiationTimestamp', kind: 'timestamp', source: 'DL-CONTACT' },
  { column: 'disconnect_timestamp', ctrField: 'DisconnectTimestamp', kind: 'timestamp', source: 'DL-RETENTION' },
  { column: 'last_update_timestamp', ctrField: 'LastUpdateTimestamp', kind: 'timestamp', source: 'UNVERIFIED' },
  { column: 'disconnect_reason', ctrField: 'DisconnectReason', kind: 'string', source: 'UNVERIFIED-3P' },
  { column: 'agent_connected_to_agent_timestamp', ctrField: 'Agent.ConnectedToAgentTimestamp', kind: 'timestamp', source: 'UNVERIFIED-3P' },
  { column: 'agent_customer_hold_duration_ms', ctrField: 'Agent.CustomerHoldDuration', kind: 'duration-ms', source: 'AWS-SQL' },
  { column: 'agent_longest_hold_duration_ms', ctrField: 'Agent.LongestHoldDuration', kind: 'duration-ms', source: 'UNVERIFIED-3P' },
  { column: 'agent_interaction_duration_ms', ctrField: 'Agent.AgentInteractionDuration', kind: 'duration-ms', source: 'AWS-SQL' },
  { column: 'agent_number_of_holds', ctrField: 'Agent.NumberOfHolds', kind: 'count', source: 'UNVERIFIED-3P' },
  { column: 'queue_name', ctrField: 'Queue.Name', kind: 'string', source: 'UNVERIFIED-3P' },
  { column: 'queue_enqueue_timestamp', ctrField: 'Queue.EnqueueTimestamp', kind: 'timestamp', source: 'UNVERIFIED-3P' },
  { column: 'customer_endpoint_address', ctrField: 'CustomerEndpoint.Address', kind: 'string', source: 'UNVERIFIED-3P' },
  { column: 'system_endpoint_address', ctrField: 'SystemEndpoint.Address', kind: 'string', source: 'UNVERIFIED-3P' },
  { column: 'recording_location', ctrField: 'Recording.Location', kind: 'string', source: 'UNVERIFIED-3P' },
  { column: ATTRIBUTES_JSON_ALIAS, ctrField: 'Attributes', kind: 'json-map', source: 'UNVERIFIED-3P' },
]);

/**
 * Columns that only say whether a parent object exists (not transform inputs themselves): an
 * agent leg is known by `agent_id`, a queue by `queue_id` (both DL-CONTACT join keys).
 */
const PRESENCE_COLUMNS = Object.freeze({ agent: 'agent_id', queue: 'queue_id' } as const);

/** The table's own column behind the `attributes_json` alias (UNVERIFIED-3P: `attributes`, map(string,string)). */
const ATTRIBUTES_COLUMN = 'attributes';

export { ATTRIBUTES_COLUMN, ATTRIBUTES_JSON_ALIAS, CONTACT_RECORD_COLUMNS, PRESENCE_COLUMNS };
export type { ColumnKind, ColumnSource, ContactRecordColumn };
