import type { ContactRecordRow } from '@ctr-resync/connect-simulator';
import type { ContactTraceRecord } from '../ctr/ContactTraceRecord.ts';

/** The simulated Connect instance of the demo (a Connect InstanceId is a UUID). */
const SIMULATED_INSTANCE_ID = '11111111-2222-4333-8444-555555555555';

const secondsToMs = (s: number | null | undefined): number | null => (typeof s === 'number' ? s * 1000 : null);

/**
 * The data-lake `contact_record` row (the connect-simulator's form: ISO timestamps, ms durations,
 * a string map) that a CTR corresponds to, for the columns this project reads: how the demo and
 * the tests seed the SIMULATED data lake. Agent and queue ids are placeholders (only their
 * presence is read).
 */
function simulatedContactRecordRow(ctr: ContactTraceRecord, instanceId = SIMULATED_INSTANCE_ID): ContactRecordRow {
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

export { SIMULATED_INSTANCE_ID, simulatedContactRecordRow };
