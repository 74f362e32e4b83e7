import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import type { VoiceCallRow } from '../../src/voicecall/voiceCallFields.ts';
import { syntheticLambdaContext } from '@ctr-resync/org-simulator/offline';

const SAMPLES = new URL('../fixtures/samples/', import.meta.url);

/** Raw text of a bundled sample file. */
function sampleText(name: string): string {
  return readFileSync(new URL(name, SAMPLES), 'utf8');
}

/** The sample Kinesis event (ctr-01 twice, then ctr-02). */
function sampleKinesisEvent(): KinesisStreamEvent {
  return JSON.parse(sampleText('kinesis-event-envelope-synthetic.json')) as KinesisStreamEvent;
}

/** A realistic voice CTR with overrides. */
function ctrFactory(overrides: Partial<ContactTraceRecord> = {}): ContactTraceRecord {
  return {
    AWSAccountId: '123456789012',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: {
      ARN: 'arn:aws:connect:us-east-1:123456789012:instance/i/agent/a',
      Username: 'agent.one',
      ConnectedToAgentTimestamp: '2026-11-20T10:01:10Z',
      CustomerHoldDuration: 30,
      LongestHoldDuration: 20,
      NumberOfHolds: 2,
      AgentInteractionDuration: 200,
    },
    Attributes: { 'sfdc-Reason__c': 'billing' },
    Channel: 'VOICE',
    ContactId: randomUUID(),
    CustomerEndpoint: { Address: '+15555550100', Type: 'TELEPHONE_NUMBER' },
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    DisconnectTimestamp: '2026-11-20T10:05:00Z',
    InitialContactId: null,
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: '2026-11-20T10:00:00Z',
    LastUpdateTimestamp: '2026-11-20T10:06:00Z',
    PreviousContactId: null,
    Queue: { Name: 'Support-Queue', EnqueueTimestamp: '2026-11-20T10:00:20Z', Duration: 50 },
    Recording: null,
    Recordings: null,
    SystemEndpoint: { Address: '+18005550100', Type: 'TELEPHONE_NUMBER' },
    ...overrides,
  };
}

/** A Lambda Kinesis record carrying the given bytes. */
function kinesisRecordFactory(payload: string | Uint8Array, sequenceNumber: string, arrival = 1_763_632_000): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'pk',
      sequenceNumber,
      data: Buffer.from(payload).toString('base64'),
      approximateArrivalTimestamp: arrival,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/test',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/ctr',
  };
}

/** A Kinesis event from payloads, with sequence numbers 1000, 1001, ... */
function kinesisEventFactory(payloads: readonly (string | Uint8Array)[]): KinesisStreamEvent {
  return { Records: payloads.map((p, i) => kinesisRecordFactory(p, String(1000 + i))) };
}

/** A fake Lambda context. */
function lambdaContext(): import('aws-lambda').Context {
  return syntheticLambdaContext('ctr-archiver');
}

/** A VoiceCall as SCV creates it at call start: its Id, vendor key and start time, no CTR data yet. */
function emptyVoiceCallRow(overrides: Pick<VoiceCallRow, 'Id' | 'VendorCallKey'> & Partial<VoiceCallRow>): VoiceCallRow {
  return {
    CallStartDateTime: '2026-11-20T10:00:00.000+0000',
    CallEndDateTime: null,
    CallAcceptDateTime: null,
    CallQueuedDateTime: null,
    CustomerHoldDuration: null,
    LongestHoldDuration: null,
    NumberOfHolds: null,
    QueueName: null,
    DisconnectReason: null,
    ...overrides,
  };
}

export { ctrFactory, emptyVoiceCallRow, kinesisEventFactory, kinesisRecordFactory, lambdaContext, sampleKinesisEvent, sampleText };
