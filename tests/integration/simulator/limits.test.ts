import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningOrgSimulator, SimulatorCredentials } from '@ctr-resync/org-simulator';
import { accessToken, admin, rest, soql, startSimulator } from './simulatorTestClient.ts';

describe('simulator daily API allowance and accounting', () => {
  let sim: RunningOrgSimulator;
  let creds: SimulatorCredentials;
  let token: string;

  before(async () => {
    ({ sim, creds } = await startSimulator({ config: { dailyApiLimit: 5 } }));
    token = await accessToken(sim, creds);
  });
  after(() => sim.close());

  it('reports usage in Sforce-Limit-Info on every REST answer, then answers 403 REQUEST_LIMIT_EXCEEDED', async () => {
    const usage: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = await soql(sim, token, 'SELECT Id FROM VoiceCall');
      assert.equal(result.status, 200);
      usage.push(result.headers.get('sforce-limit-info') as string);
    }
    assert.deepEqual(usage, ['api-usage=1/5', 'api-usage=2/5', 'api-usage=3/5', 'api-usage=4/5', 'api-usage=5/5']);
    const refused = await soql(sim, token, 'SELECT Id FROM VoiceCall');
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    assert.equal(refused.headers.get('sforce-limit-info'), 'api-usage=5/5');
  });

  it('does not count OAuth or admin calls, and counts requests per endpoint', async () => {
    await accessToken(sim, creds);
    const counters = (await admin(sim, '/counters')).body;
    assert.deepEqual(counters.endpoints['GET /services/data/{version}/query'], {
      requests: 6,
      statuses: { '200': 5, '403': 1 },
      dropped: 0,
      faults: 0,
    });
    assert.equal(counters.endpoints['POST /services/oauth2/token'].requests, 2);
    assert.equal(counters.totals.requests, 9, '6 queries, 2 token requests and this counters request');
    assert.equal((await admin(sim, '/stats')).body.apiUsage.used, 5);
  });

  it('raises the allowance at runtime and resets usage with the counters', async () => {
    assert.equal((await admin(sim, '/config', { dailyApiLimit: 1000 })).body.dailyApiLimit, 1000);
    const limits = await rest(sim, token, '/limits');
    assert.deepEqual(limits.body.DailyApiRequests, { Max: 1000, Remaining: 994 });
    const reset = await admin(sim, '/counters/reset', {});
    assert.deepEqual(reset.body.totals.requests, 0);
    assert.equal((await rest(sim, token, '/limits')).headers.get('sforce-limit-info'), 'api-usage=1/1000');
  });
});
