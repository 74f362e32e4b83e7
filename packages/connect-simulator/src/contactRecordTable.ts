/**
 * The slice of the Amazon Connect analytics data lake `contact_record` table the simulator holds.
 * Every column names its source; UNVERIFIED marks names no AWS page confirmed.
 *
 * Sources:
 * - DL-CONTACT: docs.aws.amazon.com/connect/latest/adminguide/data-lake-contact-data.md (primary key
 *   `instance_id, contact_id`, daily partition on `initiation_timestamp`, join keys, start of the
 *   column table).
 * - DL-RETENTION: docs.aws.amazon.com/en_us/connect/latest/adminguide/data-lake-data-retention.html
 *   (`contact_record` ages on `disconnect_timestamp`).
 * - AWS-SQL: docs.aws.amazon.com/connect/latest/adminguide/identify-conferences-transfers.html
 *   (AWS's own query reads these columns).
 * - UNVERIFIED-3P: no AWS page seen; named by third-party Athena views and a third-party column
 *   summary of the table (../shared/reference/connect-data-lake.md §A says so for
 *   `agent_number_of_holds`).
 */

/** Athena type names the simulator renders (as `ColumnInfo.Type`). */
type AthenaColumnType = 'varchar' | 'timestamp' | 'bigint' | 'map(varchar, varchar)';

/** One column the simulator knows, with its source. */
interface ContactRecordColumn {
  readonly name: string;
  readonly type: AthenaColumnType;
  readonly source: 'DL-CONTACT' | 'DL-RETENTION' | 'AWS-SQL' | 'UNVERIFIED-3P' | 'UNVERIFIED';
}

const CONTACT_RECORD_COLUMNS: readonly ContactRecordColumn[] = Object.freeze([
  { name: 'instance_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'contact_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'initial_contact_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'previous_contact_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'related_contact_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'next_contact_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'channel', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'initiation_method', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'initiation_timestamp', type: 'timestamp', source: 'DL-CONTACT' },
  { name: 'connected_to_system_timestamp', type: 'timestamp', source: 'DL-CONTACT' },
  { name: 'disconnect_timestamp', type: 'timestamp', source: 'DL-RETENTION' },
  { name: 'last_update_timestamp', type: 'timestamp', source: 'UNVERIFIED' },
  { name: 'disconnect_reason', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'queue_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'queue_name', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'queue_enqueue_timestamp', type: 'timestamp', source: 'UNVERIFIED-3P' },
  { name: 'agent_id', type: 'varchar', source: 'DL-CONTACT' },
  { name: 'agent_username', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'agent_connected_to_agent_timestamp', type: 'timestamp', source: 'UNVERIFIED-3P' },
  { name: 'agent_interaction_duration_ms', type: 'bigint', source: 'AWS-SQL' },
  { name: 'agent_customer_hold_duration_ms', type: 'bigint', source: 'AWS-SQL' },
  { name: 'agent_longest_hold_duration_ms', type: 'bigint', source: 'UNVERIFIED-3P' },
  { name: 'agent_number_of_holds', type: 'bigint', source: 'UNVERIFIED-3P' },
  { name: 'customer_endpoint_address', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'system_endpoint_address', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'recording_location', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'recording_status', type: 'varchar', source: 'UNVERIFIED-3P' },
  { name: 'attributes', type: 'map(varchar, varchar)', source: 'UNVERIFIED-3P' },
]);

const COLUMNS_BY_NAME: ReadonlyMap<string, ContactRecordColumn> = new Map(CONTACT_RECORD_COLUMNS.map((c) => [c.name, c]));

/**
 * One seeded row. Timestamps are ISO 8601 UTC strings (`2026-03-02T10:00:00Z`), durations
 * numbers of milliseconds, `attributes` a string map; `null` or absent means SQL NULL.
 */
type ContactRecordRow = { readonly contact_id: string; readonly instance_id: string; readonly initiation_timestamp: string } & {
  readonly [column: string]: string | number | Readonly<Record<string, string>> | null | undefined;
};

/** `2026-03-02T10:00:00Z` → `2026-03-02 10:00:00.000`, Athena's rendering of a `timestamp`. */
function renderAthenaTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Renders a map the way Athena prints a `map` column as text: `{k1=v1, k2=v2}`. */
function renderAthenaMap(map: Readonly<Record<string, string>>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
}

export { COLUMNS_BY_NAME, CONTACT_RECORD_COLUMNS, renderAthenaMap, renderAthenaTimestamp };
export type { AthenaColumnType, ContactRecordColumn, ContactRecordRow };
