// CTR factories for the simulator tests, shaped like the anonymised real inbound record in
// ../shared/reference/samples/ctr-01-inbound-voice-agent-first-delivery.json.
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';

/** An inbound VOICE contact that reached an agent after queueing, with two holds. */
function inboundCtr(contactId: string, overrides: Partial<ContactTraceRecord> = {}): ContactTraceRecord {
  return {
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: {
      ConnectedToAgentTimestamp: '2022-01-05T17:20:32Z',
      CustomerHoldDuration: 221,
      LongestHoldDuration: 204,
      NumberOfHolds: 2,
      AgentInteractionDuration: 239,
      Username: 'agent.one',
    },
    Attributes: { 'sfdc-CtrSyncedBy__c': 'ctr-sync' },
    Channel: 'VOICE',
    ContactId: contactId,
    CustomerEndpoint: { Address: '+15555550100', Type: 'TELEPHONE_NUMBER' },
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    DisconnectTimestamp: '2022-01-05T17:47:28Z',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: '2022-01-05T17:12:59Z',
    LastUpdateTimestamp: '2022-01-05T17:48:35Z',
    PreviousContactId: null,
    Queue: { EnqueueTimestamp: '2022-01-05T17:14:46Z', Name: 'Support-Queue', Duration: 346 },
    Recording: null,
    Recordings: null,
    SystemEndpoint: { Address: '+18005550100', Type: 'TELEPHONE_NUMBER' },
    ...overrides,
  };
}

export { inboundCtr };
