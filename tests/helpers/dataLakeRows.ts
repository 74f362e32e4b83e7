import type { ContactRecordRow as SimulatorRow } from '@ctr-resync/connect-simulator';
import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import type { ContactRecordRow } from '../../src/datalake/contactRecordToCtr.ts';

/** Test instance id (a Connect InstanceId is a UUID). */
const TEST_INSTANCE_ID = '11111111-2222-4333-8444-555555555555';

const secondsToMs = (s: number | null | undefined): number | null => (typeof s === 'number' ? s * 1000 : null);

/**
 * The data-lake `contact_record` row (simulator form: ISO timestamps, ms durations, a string map)
 * that a captured CTR corresponds to, as far as the columns this project reads go.
 */
function ctrToSimulatorRow(ctr: ContactTraceRecord, instanceId = TEST_INSTANCE_ID): SimulatorRow {
  const agent = ctr.Agent ?? undefined;
  const queue = ctr.Queue ?? undefined;
  return {
    instance_id: instanceId,
    contact_id: ctr.ContactId as string,
    initial_contact_id: ctr.InitialContactId ?? null,
    previous_contact_id: ctr.PreviousContactId ?? null,
    next_contact_id: ctr.NextContactId ?? null,
    channel: ctr.Channel ?? null,
    initiation_method: ctr.InitiationMethod ?? null,
    initiation_timestamp: ctr.InitiationTimestamp as string,
    disconnect_timestamp: ctr.DisconnectTimestamp ?? null,
    last_update_timestamp: ctr.LastUpdateTimestamp ?? null,
    disconnect_reason: ctr.DisconnectReason ?? null,
    agent_id: agent ? 'agent-1' : null,
    agent_connected_to_agent_timestamp: agent?.ConnectedToAgentTimestamp ?? null,
    agent_customer_hold_duration_ms: secondsToMs(agent?.CustomerHoldDuration),
    agent_longest_hold_duration_ms: secondsToMs(agent?.LongestHoldDuration),
    agent_interaction_duration_ms: secondsToMs(agent?.AgentInteractionDuration),
    agent_number_of_holds: agent?.NumberOfHolds ?? null,
    queue_id: queue ? 'queue-1' : null,
    queue_name: queue?.Name ?? null,
    queue_enqueue_timestamp: queue?.EnqueueTimestamp ?? null,
    customer_endpoint_address: ctr.CustomerEndpoint?.Address ?? null,
    system_endpoint_address: ctr.SystemEndpoint?.Address ?? null,
    recording_location: ctr.Recording?.Location ?? null,
    attributes: (ctr.Attributes as Record<string, string> | null | undefined) ?? null,
  };
}

/** The same row as Athena returns it as text (what the mapper reads). */
function ctrToResultRow(ctr: ContactTraceRecord): ContactRecordRow {
  const sim = ctrToSimulatorRow(ctr);
  const out: Record<string, string | null> = {};
  const athenaTs = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
  for (const [k, v] of Object.entries(sim)) {
    if (k === 'instance_id') continue;
    if (k === 'attributes') out.attributes_json = v === null ? null : JSON.stringify(v);
    else if (v === null || v === undefined) out[k] = null;
    else if (k.endsWith('_timestamp')) out[k] = athenaTs(String(v));
    else out[k] = String(v);
  }
  return out;
}

export { TEST_INSTANCE_ID, ctrToResultRow, ctrToSimulatorRow };
