import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningOrgSimulator, SimulatorCredentials } from '@ctr-resync/org-simulator';
import { accessToken, minuteCalls, rest, startSimulator } from './simulatorTestClient.ts';

const CREATE_ONLY = [
  'CallStartDateTime',
  'CallEndDateTime',
  'CallDurationInSeconds',
  'CallAcceptDateTime',
  'CallQueuedDateTime',
  'CustomerHoldDuration',
  'LongestHoldDuration',
  'NumberOfHolds',
  'QueueName',
  'DisconnectReason',
  'FromPhoneNumber',
  'ToPhoneNumber',
  'CallType',
  'VendorCallKey',
];

describe('simulator VoiceCall sObject and sObject Collections', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;
  let token: string;
  let ids: string[];

  before(async () => {
    ({ sim, creds } = await startSimulator({ config: { customFields: { CtrSyncedAt__c: 'datetime' } } }));
    ids = sim.insertVoiceCalls(minuteCalls(5, () => ({ QueueName: 'Support' })));
    token = await accessToken(sim, creds);
  });
  after(() => sim.close());

  it('reads a record with all fields, or the ones asked for', async () => {
    const full = await rest(sim, token, `/sobjects/VoiceCall/${ids[0]}`);
    assert.equal(full.status, 200);
    assert.equal(full.body.Id, ids[0]);
    assert.equal(full.body.VendorCallKey, 'call-0');
    assert.equal(full.body.CustomerHoldDuration, null);
    assert.ok('CtrSyncedAt__c' in full.body);
    const some = await rest(sim, token, `/sobjects/VoiceCall/${ids[0]?.slice(0, 15)}?fields=Id,QueueName`);
    assert.deepEqual(Object.keys(some.body), ['attributes', 'Id', 'QueueName']);
  });

  it('answers 404 NOT_FOUND for unknown and malformed Ids', async () => {
    const unknown = await rest(sim, token, `/sobjects/VoiceCall/${ids[0]?.slice(0, 9)}ZZZZZZ`);
    assert.deepEqual([unknown.status, unknown.body[0].errorCode], [404, 'NOT_FOUND']);
    const malformed = await rest(sim, token, '/sobjects/VoiceCall/not-an-id');
    assert.deepEqual([malformed.status, malformed.body[0].errorCode], [404, 'NOT_FOUND']);
  });

  it('updates updatable and custom fields (204), refusing each create-only CTR field with INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    const ok = await rest(sim, token, `/sobjects/VoiceCall/${ids[0]}`, {
      method: 'PATCH',
      body: { Description: 'checked', CallResolution: 'Resolved', CtrSyncedAt__c: '2024-01-02T03:04:05Z' },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.body, undefined);
    const record = sim.getVoiceCall(ids[0] as string);
    assert.deepEqual([record?.Description, record?.CallResolution, record?.CtrSyncedAt__c], ['checked', 'Resolved', '2024-01-02T03:04:05.000+0000']);
    for (const field of CREATE_ONLY) {
      const refused = await rest(sim, token, `/sobjects/VoiceCall/${ids[1]}`, {
        method: 'PATCH',
        body: { Description: 'x', [field]: field.endsWith('Time') ? '2024-01-01T00:00:00Z' : 1 },
      });
      assert.equal(refused.status, 400, field);
      assert.equal(refused.body[0].errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE', field);
      assert.deepEqual(refused.body[0].fields, [field]);
      assert.match(refused.body[0].message, new RegExp(`^Unable to create/update fields: ${field}\\.`));
    }
    assert.equal(sim.getVoiceCall(ids[1] as string)?.Description, null, 'nothing written by refused updates');
  });

  it('refuses unknown fields and wrong types', async () => {
    const unknown = await rest(sim, token, `/sobjects/VoiceCall/${ids[1]}`, { method: 'PATCH', body: { Bogus__c: 1 } });
    assert.deepEqual([unknown.status, unknown.body[0].errorCode], [400, 'INVALID_FIELD']);
    const wrongType = await rest(sim, token, `/sobjects/VoiceCall/${ids[1]}`, { method: 'PATCH', body: { Description: 42 } });
    assert.deepEqual([wrongType.status, wrongType.body[0].errorCode], [400, 'JSON_PARSER_ERROR']);
  });

  it('answers per-record SaveResults for collections, with allOrNone false', async () => {
    const result = await rest(sim, token, '/composite/sobjects', {
      method: 'PATCH',
      body: {
        allOrNone: false,
        records: [
          { attributes: { type: 'VoiceCall' }, id: ids[2], Description: 'batch ok' },
          { attributes: { type: 'VoiceCall' }, id: ids[3], CustomerHoldDuration: 5, NumberOfHolds: 1 },
          { attributes: { type: 'VoiceCall' }, Description: 'no id' },
          { attributes: { type: 'VoiceCall' }, id: 'garbage', Description: 'x' },
        ],
      },
    });
    assert.equal(result.status, 200);
    assert.deepEqual(result.body[0], { id: ids[2], success: true, errors: [] });
    assert.equal(result.body[1].success, false);
    assert.deepEqual(result.body[1].errors[0].statusCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.deepEqual(result.body[1].errors[0].fields, ['CustomerHoldDuration', 'NumberOfHolds']);
    assert.equal(result.body[2].errors[0].statusCode, 'MISSING_ARGUMENT');
    assert.equal(result.body[3].errors[0].statusCode, 'MALFORMED_ID');
    assert.equal(sim.getVoiceCall(ids[2] as string)?.Description, 'batch ok');
  });

  it('rolls back every record with allOrNone true when one fails', async () => {
    const result = await rest(sim, token, '/composite/sobjects', {
      method: 'PATCH',
      body: {
        allOrNone: true,
        records: [
          { attributes: { type: 'VoiceCall' }, id: ids[4], Description: 'should not stick' },
          { attributes: { type: 'VoiceCall' }, id: ids[4], QueueName: 'x' },
        ],
      },
    });
    assert.equal(result.status, 200);
    assert.equal(result.body[0].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    assert.equal(result.body[1].errors[0].statusCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.equal(sim.getVoiceCall(ids[4] as string)?.Description, null);
  });

  it('refuses more than 200 records in one collection request', async () => {
    const records = Array.from({ length: 201 }, () => ({ attributes: { type: 'VoiceCall' }, id: ids[0], Description: 'x' }));
    const result = await rest(sim, token, '/composite/sobjects', { method: 'PATCH', body: { records } });
    assert.deepEqual([result.status, result.body[0].errorCode], [400, 'EXCEEDED_ID_LIMIT']);
  });
});
