import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningOrgSimulator, SimulatorCredentials } from '@ctr-resync/org-simulator';
import { accessToken, admin, minuteCalls, soql, startSimulator, telephonyPatch } from './simulatorTestClient.ts';

async function queryStatuses(sim: RunningOrgSimulator, token: string, count: number): Promise<(number | 'dropped')[]> {
  const statuses: (number | 'dropped')[] = [];
  for (let i = 0; i < count; i += 1) {
    try {
      statuses.push((await soql(sim, token, 'SELECT Id FROM VoiceCall LIMIT 1')).status);
    } catch {
      statuses.push('dropped');
    }
  }
  return statuses;
}

describe('simulator fault injection', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;
  let token: string;

  before(async () => {
    ({ sim, creds } = await startSimulator({ config: { seed: 7, retryAfterSeconds: 3, dailyApiLimit: 1_000_000 } }));
    sim.insertVoiceCalls(minuteCalls(3));
    token = await accessToken(sim, creds);
  });
  after(() => sim.close());

  it('injects 503 with Retry-After in the REST error shape, turned on at runtime', async () => {
    await admin(sim, '/config', { errorRates: { 'GET /services/data/{version}/query': { '503': 1 } } });
    const result = await soql(sim, token, 'SELECT Id FROM VoiceCall');
    assert.equal(result.status, 503);
    assert.equal(result.headers.get('retry-after'), '3');
    assert.equal(result.body[0].errorCode, 'SERVER_UNAVAILABLE');
    await admin(sim, '/config', { errorRates: { 'GET /services/data/{version}/query': {} } });
    assert.equal((await soql(sim, token, 'SELECT Id FROM VoiceCall')).status, 200);
  });

  it('drops connections without an answer', async () => {
    await admin(sim, '/config', { errorRates: { telephony: { drop: 1 } } });
    await assert.rejects(telephonyPatch(sim, creds, 'call-0', { totalHoldDuration: 1 }));
    const entry = sim.telephonyLog().at(-1);
    assert.deepEqual([entry?.id, entry?.outcome], ['call-0', 'dropped']);
    const counters = sim.counters().endpoints['PATCH /telephony/v1/voiceCalls/{id}'];
    assert.deepEqual([counters?.dropped, counters?.faults], [1, 1]);
    await admin(sim, '/config', { errorRates: { telephony: {} } });
  });

  it('mixes 429, 500, 503 and drops at the configured rates, repeatably for a seed', async () => {
    await admin(sim, '/config', { errorRates: { rest: { '429': 0.1, '500': 0.1, '503': 0.1, drop: 0.1 } } });
    const first = await queryStatuses(sim, token, 200);
    for (const status of [200, 429, 500, 503, 'dropped'] as const) assert.ok(first.includes(status), `expected some ${status}`);
    const ok = first.filter((s) => s === 200).length;
    assert.ok(ok > 100 && ok < 170, `${ok} of 200 succeeded at a 40% fault rate`);
    // Assess repeatability: a second simulator with the same seed and rates fails the same requests.
    const { sim: twin, creds: twinCreds } = await startSimulator({
      config: { seed: 7, dailyApiLimit: 1_000_000, errorRates: { rest: { '429': 0.1, '500': 0.1, '503': 0.1, drop: 0.1 } } },
    });
    try {
      const twinToken = await accessToken(twin, twinCreds);
      // Fault draws follow each endpoint's request sequence: replay the requests the first sim saw before.
      const earlier = (sim.counters().endpoints['GET /services/data/{version}/query']?.requests ?? 0) - first.length;
      await queryStatuses(twin, twinToken, earlier);
      assert.deepEqual(await queryStatuses(twin, twinToken, 200), first);
    } finally {
      await twin.close();
      await admin(sim, '/config', { errorRates: { rest: {} } });
    }
  });

  it('injects OAuth faults in the OAuth error shape', async () => {
    await admin(sim, '/config', { errorRates: { oauth: { '500': 1 } } });
    await assert.rejects(accessToken(sim, creds), /unknown_error/);
    await admin(sim, '/config', { errorRates: { oauth: {} } });
  });

  it('refuses invalid fault settings with 400', async () => {
    const result = await admin(sim, '/config', { errorRates: { rest: { '418': 0.5 } } });
    assert.equal(result.status, 400);
    assert.match(result.body.message, /unknown fault/);
  });
});
