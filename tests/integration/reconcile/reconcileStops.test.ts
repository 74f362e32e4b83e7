import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { reportSucceeded } from '../../../src/reconcile/ReconcileReport.ts';
import { TelephonyApiVoiceCallWriter } from '../../../src/writers/TelephonyApiVoiceCallWriter.ts';
import { fsArchive } from '../../helpers/archives.ts';
import { ctrFactory } from '../../helpers/factories.ts';
import { archiveAll, type OrgHarness, startOrgHarness } from '../../helpers/orgHarness.ts';

let org: OrgHarness;
const cleanups: (() => void)[] = [];
before(async () => {
  org = await startOrgHarness();
});
after(async () => {
  await org.close();
  for (const c of cleanups) c();
});

/** An archive and an org with `count` calls whose CTR sync was lost. */
async function lostCalls(count: number) {
  const { archive, remove } = fsArchive();
  cleanups.push(remove);
  const ctrs = Array.from({ length: count }, () => ctrFactory());
  await org.sim.seedFromCtrs(ctrs, { lostSyncFraction: 1 });
  await archiveAll(archive, ctrs);
  return archive;
}

/** A free loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('reconcile stops when a dependency refuses it for good', () => {
  test('a wrong contact-center key stops the run at the first 401, naming the settings to check', async () => {
    const archive = await lostCalls(40);
    const keys = org.sim.credentials.contactCenter;
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const writer = new TelephonyApiVoiceCallWriter({
      scrtBaseUrl: `${org.sim.url}/telephony/v1`,
      orgId: keys.orgId,
      callCenterApiName: keys.callCenterApiName,
      privateKeyPem: wrongKey,
    });
    const seqBefore = org.sim.telephonyLog().at(-1)?.seq ?? 0;
    const report = await org.reconcile(archive, { writer, concurrency: 2 });
    assert.equal(report.stopped?.code, 'DEPENDENCY_REFUSED');
    assert.deepEqual(report.stopped?.settings, ['SCV_ORG_ID', 'SCV_CALL_CENTER_API_NAME', 'SCV_PRIVATE_KEY_FILE']);
    assert.match(report.stopped?.message ?? '', /HTTP 401/);
    assert.ok(report.summary.patchesSent <= 2, `at most the PATCHes already in flight were sent, got ${report.summary.patchesSent}`);
    assert.ok(report.records.filter((r) => r.outcome !== 'no-archived-ctr').length < 40);
    const received = org.sim.telephonyLog().filter((e) => e.seq > seqBefore);
    assert.ok(received.length > 0 && received.every((e) => e.status === 401), 'every PATCH received was refused, none applied');
    assert.equal(reportSucceeded(report), false);
  });

  test('an unreachable Telephony API stops the run after a short run of failures, not after every record', async () => {
    const archive = await lostCalls(40);
    const keys = org.sim.generatedCredentials?.contactCenter;
    assert.ok(keys);
    const writer = new TelephonyApiVoiceCallWriter({
      scrtBaseUrl: `http://127.0.0.1:${await closedPort()}/telephony/v1`,
      orgId: keys.orgId,
      callCenterApiName: keys.callCenterApiName,
      privateKeyPem: keys.privateKeyPem,
    });
    const report = await org.reconcile(archive, { writer, concurrency: 1, maxWriteAttempts: 1 });
    assert.deepEqual(report.stopped?.settings, ['SCRT_BASE_URL']);
    assert.equal(report.summary.failed, 3);
    // The other test's calls share the org but not this archive: they are no-archived-ctr.
    assert.equal(report.records.filter((r) => r.outcome !== 'no-archived-ctr').length, 3, 'no call was tried after the run stopped');
  });
});
