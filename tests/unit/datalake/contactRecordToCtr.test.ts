import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { CONTACT_RECORD_COLUMNS } from '../../../src/datalake/contactRecordColumns.ts';
import { canEvaluateExclusion, type ContactRecordRow, contactRecordToCtr } from '../../../src/datalake/contactRecordToCtr.ts';
import { DataLakeRowError } from '../../../src/datalake/dataLakeErrors.ts';
import { scvExclusion } from '../../../src/transform/scvExclusion.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { ctrToResultRow } from '../../helpers/dataLakeRows.ts';
import { ctrFactory } from '../../helpers/factories.ts';

const CONTACT_ID = 'c0ffee00-0000-4000-8000-000000000001';

/** A complete row (every column the mapper reads), as Athena returns it. */
function fullRow(overrides: Record<string, string | null | undefined> = {}): ContactRecordRow {
  const row: Record<string, string | null | undefined> = {
    contact_id: CONTACT_ID,
    initial_contact_id: 'c0ffee00-0000-4000-8000-000000000000',
    previous_contact_id: 'c0ffee00-0000-4000-8000-00000000000a',
    next_contact_id: null,
    channel: 'VOICE',
    initiation_method: 'INBOUND',
    initiation_timestamp: '2026-03-02 10:00:00.000',
    disconnect_timestamp: '2026-03-02 10:05:00.000',
    last_update_timestamp: '2026-03-02 10:06:00.000',
    disconnect_reason: 'CUSTOMER_DISCONNECT',
    agent_id: 'agent-1',
    agent_connected_to_agent_timestamp: '2026-03-02 10:01:10.000',
    agent_customer_hold_duration_ms: '30000',
    agent_longest_hold_duration_ms: '20000',
    agent_interaction_duration_ms: '200000',
    agent_number_of_holds: '2',
    queue_id: 'queue-1',
    queue_name: 'Support',
    queue_enqueue_timestamp: '2026-03-02 10:00:20.000',
    customer_endpoint_address: '+15555550100',
    system_endpoint_address: '+18005550100',
    recording_location: 'bucket/rec/c1.wav',
    attributes_json: '{"sfdc-Reason__c":"billing","NoSync":"false"}',
    ...overrides,
  };
  for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
  return row;
}

/** Reads a dotted CTR path. */
function at(ctr: ContactTraceRecord, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o === null || o === undefined ? o : (o as Record<string, unknown>)[k]), ctr);
}

describe('contactRecordToCtr: one mapped field per row of the table', () => {
  // [column, data-lake text, CTR path, expected CTR value]
  const cases: readonly [string, string, string, unknown][] = [
    ['contact_id', CONTACT_ID, 'ContactId', CONTACT_ID],
    ['initial_contact_id', 'init-1', 'InitialContactId', 'init-1'],
    ['previous_contact_id', 'prev-1', 'PreviousContactId', 'prev-1'],
    ['next_contact_id', 'next-1', 'NextContactId', 'next-1'],
    ['channel', 'VOICE', 'Channel', 'VOICE'],
    ['initiation_method', 'CALLBACK', 'InitiationMethod', 'CALLBACK'],
    ['initiation_timestamp', '2026-03-02 10:00:00.000', 'InitiationTimestamp', '2026-03-02T10:00:00Z'],
    ['disconnect_timestamp', '2026-03-02 10:05:00.000 UTC', 'DisconnectTimestamp', '2026-03-02T10:05:00Z'],
    ['last_update_timestamp', '2026-03-02T10:06:00Z', 'LastUpdateTimestamp', '2026-03-02T10:06:00Z'],
    ['disconnect_reason', 'TELECOM_PROBLEM', 'DisconnectReason', 'TELECOM_PROBLEM'],
    ['agent_connected_to_agent_timestamp', '2026-03-02 10:01:10.000', 'Agent.ConnectedToAgentTimestamp', '2026-03-02T10:01:10Z'],
    ['agent_customer_hold_duration_ms', '30000', 'Agent.CustomerHoldDuration', 30],
    ['agent_longest_hold_duration_ms', '20000', 'Agent.LongestHoldDuration', 20],
    ['agent_interaction_duration_ms', '200000', 'Agent.AgentInteractionDuration', 200],
    ['agent_number_of_holds', '2', 'Agent.NumberOfHolds', 2],
    ['queue_name', 'Support', 'Queue.Name', 'Support'],
    ['queue_enqueue_timestamp', '2026-03-02 10:00:20.000', 'Queue.EnqueueTimestamp', '2026-03-02T10:00:20Z'],
    ['customer_endpoint_address', '+15555550100', 'CustomerEndpoint.Address', '+15555550100'],
    ['system_endpoint_address', '+18005550100', 'SystemEndpoint.Address', '+18005550100'],
    ['recording_location', 'bucket/rec/c1.wav', 'Recording.Location', 'bucket/rec/c1.wav'],
    ['attributes_json', '{"sfdc-Reason__c":"billing"}', 'Attributes', { 'sfdc-Reason__c': 'billing' }],
  ];

  it('covers every column of CONTACT_RECORD_COLUMNS, and each names a source', () => {
    assert.deepEqual(new Set(cases.map((c) => c[0])), new Set(CONTACT_RECORD_COLUMNS.map((c) => c.column)));
    for (const c of CONTACT_RECORD_COLUMNS) assert.ok(c.source, c.column);
  });

  for (const [column, text, path, expected] of cases) {
    it(`${column} → ${path}`, () => {
      const mapping = contactRecordToCtr(fullRow({ [column]: text }));
      assert.deepEqual(at(mapping.ctr, path), expected);
      assert.equal(mapping.complete, true);
    });
    if (column !== 'contact_id') {
      it(`${column}: SQL NULL → null, not reported missing`, () => {
        const mapping = contactRecordToCtr(fullRow({ [column]: null }));
        assert.equal(at(mapping.ctr, path) ?? null, null);
        assert.ok(!mapping.missing.some((m) => m.column === column));
      });
      it(`${column}: not supplied → left out and reported missing`, () => {
        const mapping = contactRecordToCtr(fullRow({ [column]: undefined }));
        assert.equal(at(mapping.ctr, path), undefined);
        assert.deepEqual(
          mapping.missing.filter((m) => m.column === column),
          [{ ctrField: path, column, reason: 'not-supplied' }],
        );
        assert.equal(mapping.complete, false);
      });
    }
  }
});

describe('contactRecordToCtr: rules', () => {
  it('keeps milliseconds of a timestamp only when they are not zero', () => {
    assert.equal(
      contactRecordToCtr(fullRow({ initiation_timestamp: '2026-03-02 10:00:00.250' })).ctr.InitiationTimestamp,
      '2026-03-02T10:00:00.250Z',
    );
  });

  it('rounds a duration that is not whole seconds half up, and reports it approximated', () => {
    const mapping = contactRecordToCtr(fullRow({ agent_customer_hold_duration_ms: '30500', agent_interaction_duration_ms: '1499' }));
    assert.equal(mapping.ctr.Agent?.CustomerHoldDuration, 31);
    assert.equal(mapping.ctr.Agent?.AgentInteractionDuration, 1);
    assert.deepEqual(
      mapping.approximated.map((a) => [a.ctrField, a.milliseconds, a.seconds]),
      [
        ['Agent.CustomerHoldDuration', 30500, 31],
        ['Agent.AgentInteractionDuration', 1499, 1],
      ],
    );
  });

  it('makes Agent and Queue null when agent_id / queue_id are NULL, and skips their columns', () => {
    const mapping = contactRecordToCtr(fullRow({ agent_id: null, queue_id: null, agent_number_of_holds: undefined }));
    assert.equal(mapping.ctr.Agent, null);
    assert.equal(mapping.ctr.Queue, null);
    assert.equal(mapping.complete, true, 'columns of an absent agent are not missing');
  });

  it('without agent_id, infers the agent leg from its own columns (all NULL: none)', () => {
    const none = contactRecordToCtr(
      fullRow({
        agent_id: undefined,
        agent_connected_to_agent_timestamp: null,
        agent_customer_hold_duration_ms: null,
        agent_longest_hold_duration_ms: null,
        agent_interaction_duration_ms: null,
        agent_number_of_holds: null,
      }),
    );
    assert.equal(none.ctr.Agent, null);
    const some = contactRecordToCtr(fullRow({ agent_id: undefined }));
    assert.equal(some.ctr.Agent?.NumberOfHolds, 2);
  });

  it('makes an endpoint or Recording null when its address / location is NULL', () => {
    const mapping = contactRecordToCtr(fullRow({ customer_endpoint_address: null, recording_location: null }));
    assert.equal(mapping.ctr.CustomerEndpoint, null);
    assert.equal(mapping.ctr.Recording, null);
  });

  it("reports Athena's ambiguous map text as unparseable, never guessing it", () => {
    const mapping = contactRecordToCtr(fullRow({ attributes_json: '{sfdc-Reason__c=billing}' }));
    assert.equal(mapping.ctr.Attributes, undefined);
    assert.deepEqual(mapping.missing, [{ ctrField: 'Attributes', column: 'attributes_json', reason: 'unparseable' }]);
    assert.equal(canEvaluateExclusion(mapping), false);
  });

  it('reports Recordings missing only when vm_flag makes SCV read it', () => {
    const plain = contactRecordToCtr(fullRow());
    assert.equal(canEvaluateExclusion(plain), true);
    const voicemail = contactRecordToCtr(fullRow({ attributes_json: '{"vm_flag":"1"}' }));
    assert.deepEqual(voicemail.missing, [{ ctrField: 'Recordings', column: 'recordings', reason: 'not-mapped' }]);
    assert.equal(canEvaluateExclusion(voicemail), false);
  });

  it('throws DataLakeRowError for a missing or unsafe contact_id and for malformed values', () => {
    assert.throws(
      () => contactRecordToCtr(fullRow({ contact_id: undefined })),
      (e: unknown) => e instanceof DataLakeRowError && e.column === 'contact_id',
    );
    assert.throws(() => contactRecordToCtr(fullRow({ contact_id: '../etc' })), DataLakeRowError);
    assert.throws(
      () => contactRecordToCtr(fullRow({ initiation_timestamp: 'yesterday' })),
      (e: unknown) => e instanceof DataLakeRowError && e.column === 'initiation_timestamp',
    );
    assert.throws(() => contactRecordToCtr(fullRow({ agent_number_of_holds: '-1' })), DataLakeRowError);
    assert.throws(() => contactRecordToCtr(fullRow({ agent_interaction_duration_ms: '1.5' })), DataLakeRowError);
  });

  it("gives SCV's transform and exclusion the same answer as the captured CTR it came from", () => {
    for (const captured of [
      ctrFactory(),
      ctrFactory({ Agent: null, Queue: null, InitiationMethod: 'OUTBOUND' }),
      ctrFactory({ InitiationMethod: 'WEBRTC_API', Attributes: { WebRTC_From: 'web-user' } }),
      ctrFactory({ Attributes: { NoSync: 'true' } }),
      ctrFactory({ Attributes: { callback_flag: 'true' }, DisconnectReason: null, Recording: { Location: 'b/k.wav' } }),
    ]) {
      const rebuilt = contactRecordToCtr(ctrToResultRow(captured));
      assert.equal(rebuilt.complete, true);
      assert.deepEqual(transformCtr(rebuilt.ctr), transformCtr(captured));
      assert.deepEqual(scvExclusion(rebuilt.ctr), scvExclusion(captured));
    }
  });
});
