import type { ContactRecordRow } from '@ctr-resync/connect-simulator';

/** Test instance id (a Connect InstanceId is a UUID). */
const INSTANCE_ID = '11111111-2222-4333-8444-555555555555';

/** `n` voice contacts starting at `start`, one a minute, with agent and queue data on even ones. */
function seedRows(n: number, start = '2026-03-02T10:00:00Z', instanceId = INSTANCE_ID): ContactRecordRow[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) => {
    const init = new Date(t0 + i * 60_000).toISOString().replace('.000Z', 'Z');
    const end = new Date(t0 + i * 60_000 + 45_000).toISOString().replace('.000Z', 'Z');
    const withAgent = i % 2 === 0;
    return {
      instance_id: instanceId,
      contact_id: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      channel: 'VOICE',
      initiation_method: 'INBOUND',
      initiation_timestamp: init,
      disconnect_timestamp: end,
      last_update_timestamp: end,
      disconnect_reason: 'CUSTOMER_DISCONNECT',
      queue_id: withAgent ? 'q-1' : null,
      queue_name: withAgent ? 'Support' : null,
      queue_enqueue_timestamp: withAgent ? init : null,
      agent_id: withAgent ? 'a-1' : null,
      agent_connected_to_agent_timestamp: withAgent ? init : null,
      agent_interaction_duration_ms: withAgent ? 30_000 : null,
      agent_customer_hold_duration_ms: withAgent ? 5_000 : null,
      agent_longest_hold_duration_ms: withAgent ? 5_000 : null,
      agent_number_of_holds: withAgent ? 1 : null,
      customer_endpoint_address: '+15550100001',
      system_endpoint_address: '+15550100002',
      attributes: { 'sfdc-Reason__c': 'billing' },
    };
  });
}

export { INSTANCE_ID, seedRows };
