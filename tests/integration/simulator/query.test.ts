import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningOrgSimulator, SimulatorCredentials } from '@ctr-resync/org-simulator';
import { accessToken, minuteCalls, rest, soql, startSimulator } from './simulatorTestClient.ts';

describe('simulator SOQL query over REST', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;
  let token: string;
  let clock = Date.UTC(2025, 0, 1);

  before(async () => {
    ({ sim, creds } = await startSimulator({
      now: () => new Date(clock),
      config: { queryLocatorTtlSeconds: 3600, customFields: { Note__c: 'string' } },
    }));
    sim.insertVoiceCalls(
      minuteCalls(4500, (i) => ({ QueueName: i % 3 === 0 ? 'Billing' : 'Support', CustomerHoldDuration: i % 10 === 0 ? null : i })),
    );
    token = await accessToken(sim, creds, clock);
  });
  after(() => sim.close());

  async function all(query: string, headers: Record<string, string> = {}): Promise<{ pages: number[]; records: any[]; totals: number[] }> {
    let page = await soql(sim, token, query, headers);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const pages = [page.body.records.length];
    const records = [...page.body.records];
    const totals = [page.body.totalSize];
    while (!page.body.done) {
      page = await rest(sim, token, page.body.nextRecordsUrl, { headers });
      assert.equal(page.status, 200);
      pages.push(page.body.records.length);
      records.push(...page.body.records);
      totals.push(page.body.totalSize);
    }
    assert.equal(page.body.nextRecordsUrl, undefined);
    return { pages, records, totals };
  }

  it('pages 2,000 records at a time by default, with done, totalSize and nextRecordsUrl', async () => {
    const first = await soql(sim, token, 'SELECT Id, VendorCallKey, CallStartDateTime FROM VoiceCall');
    assert.equal(first.body.totalSize, 4500);
    assert.equal(first.body.done, false);
    assert.match(first.body.nextRecordsUrl, /^\/services\/data\/v60\.0\/query\/0r8\w{15}-2000$/);
    const record = first.body.records[0];
    assert.deepEqual(Object.keys(record), ['attributes', 'Id', 'VendorCallKey', 'CallStartDateTime']);
    assert.deepEqual(record.attributes, { type: 'VoiceCall', url: `/services/data/v60.0/sobjects/VoiceCall/${record.Id}` });
    assert.match(record.Id, /^0LQ\w{15}$/);
    assert.equal(record.CallStartDateTime, '2024-01-01T00:00:00.000+0000');
    const { pages, records, totals } = await all('SELECT Id FROM VoiceCall');
    assert.deepEqual(pages, [2000, 2000, 500]);
    assert.deepEqual(totals, [4500, 4500, 4500]);
    assert.equal(new Set(records.map((r) => r.Id)).size, 4500);
  });

  it('honours Sforce-Query-Options batchSize, clamped to 200..2000', async () => {
    assert.deepEqual((await all('SELECT Id FROM VoiceCall LIMIT 1200', { 'Sforce-Query-Options': 'batchSize=500' })).pages, [500, 500, 200]);
    assert.deepEqual((await all('SELECT Id FROM VoiceCall LIMIT 450', { 'Sforce-Query-Options': 'batchSize=50' })).pages, [200, 200, 50]);
    assert.deepEqual((await all('SELECT Id FROM VoiceCall LIMIT 2500', { 'Sforce-Query-Options': 'batchSize=9999' })).pages, [2000, 500]);
  });

  it('answers a small result in one page, without nextRecordsUrl', async () => {
    const result = await soql(sim, token, "SELECT Id, QueueName FROM VoiceCall WHERE VendorCallKey IN ('call-1', 'call-3')");
    assert.deepEqual([result.body.totalSize, result.body.done, 'nextRecordsUrl' in result.body], [2, true, false]);
    assert.deepEqual(
      result.body.records.map((r: any) => r.QueueName),
      ['Support', 'Billing'],
    );
  });

  it('filters a start-time window with an offset literal and orders it', async () => {
    const { records } = await all(
      'SELECT VendorCallKey, CustomerHoldDuration FROM VoiceCall WHERE CallStartDateTime >= 2024-01-01T02:00:00+01:00 AND CallStartDateTime < 2024-01-01T01:30:00Z AND CustomerHoldDuration != null ORDER BY CallStartDateTime DESC',
    );
    assert.equal(records.length, 27);
    assert.equal(records[0].VendorCallKey, 'call-89');
    assert.equal(records.at(-1).VendorCallKey, 'call-61');
  });

  it('serves later pages from the snapshot taken at query time', async () => {
    const first = await soql(sim, token, 'SELECT Id, Note__c FROM VoiceCall ORDER BY CallStartDateTime LIMIT 2001');
    const last = first.body.records.length;
    assert.equal(last, 2000);
    const after2000 = sim.findVoiceCalls('call-2000')[0];
    assert.equal(
      (await rest(sim, token, `/sobjects/VoiceCall/${after2000?.Id}`, { method: 'PATCH', body: { Note__c: 'changed later' } })).status,
      204,
    );
    const second = await rest(sim, token, first.body.nextRecordsUrl);
    assert.deepEqual(
      second.body.records.map((r: any) => [r.Id, r.Note__c]),
      [[after2000?.Id, null]],
    );
    const fresh = await soql(sim, token, "SELECT Note__c FROM VoiceCall WHERE VendorCallKey = 'call-2000'");
    assert.equal(fresh.body.records[0].Note__c, 'changed later');
  });

  it('answers 400 INVALID_QUERY_LOCATOR for unknown, out-of-range and expired locators', async () => {
    const first = await soql(sim, token, 'SELECT Id FROM VoiceCall');
    const locator = (first.body.nextRecordsUrl as string).split('/').at(-1) as string;
    const [id] = locator.split('-');
    for (const bad of [`${id}-99999`, '0r8000000000000AAA-2000', 'garbage']) {
      const result = await rest(sim, token, `/query/${bad}`);
      assert.equal(result.status, 400, bad);
      assert.equal(result.body[0].errorCode, 'INVALID_QUERY_LOCATOR');
    }
    clock += 3601_000;
    token = await accessToken(sim, creds, clock);
    const expired = await rest(sim, token, first.body.nextRecordsUrl);
    assert.deepEqual([expired.status, expired.body[0].errorCode], [400, 'INVALID_QUERY_LOCATOR']);
  });

  it('decodes SOQL string escapes in the q parameter', async () => {
    sim.insertVoiceCalls([{ VendorCallKey: 'it\'s "quoted" \\ here', CallStartDateTime: '2023-06-01T00:00:00Z' }]);
    const result = await soql(sim, token, "SELECT VendorCallKey FROM VoiceCall WHERE VendorCallKey = 'it\\'s \\\"quoted\\\" \\\\ here'");
    assert.deepEqual(
      result.body.records.map((r: any) => r.VendorCallKey),
      ['it\'s "quoted" \\ here'],
    );
  });

  it('answers malformed and unsupported queries with 400 and the Salesforce error code, never a result', async () => {
    const cases: [string, string][] = [
      ['SELECT Id FROM VoiceCall WHERE', 'MALFORMED_QUERY'],
      ["SELECT Id FROM VoiceCall WHERE QueueName = 'x' AND QueueName = 'y' OR QueueName = 'z'", 'MALFORMED_QUERY'],
      ['SELECT COUNT() FROM VoiceCall', 'MALFORMED_QUERY'],
      ['SELECT Id FROM VoiceCall WHERE CreatedDate = LAST_N_DAYS:7', 'MALFORMED_QUERY'],
      ['SELECT Bogus FROM VoiceCall', 'INVALID_FIELD'],
      ['SELECT Id FROM Contact', 'INVALID_TYPE'],
      ["SELECT Id FROM VoiceCall WHERE CallStartDateTime > '2024-01-01T00:00:00Z'", 'INVALID_QUERY_FILTER_OPERATOR'],
    ];
    for (const [query, errorCode] of cases) {
      const result = await soql(sim, token, query);
      assert.equal(result.status, 400, query);
      assert.equal(result.body[0].errorCode, errorCode, query);
      assert.match(result.body[0].message, /ERROR at Row:1:Column:\d+/);
    }
    const missing = await rest(sim, token, '/query');
    assert.deepEqual([missing.status, missing.body[0].errorCode], [400, 'MALFORMED_QUERY']);
  });
});
