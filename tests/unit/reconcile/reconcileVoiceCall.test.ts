import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { AdaptiveRateLimiter } from '../../../src/reconcile/AdaptiveRateLimiter.ts';
import { moveLedgerEntry } from '../../../src/reconcile/ledgerTransitions.ts';
import { createPacedWrite } from '../../../src/reconcile/pacedWrite.ts';
import { type ReconcileContext, reconcileVoiceCall } from '../../../src/reconcile/reconcileVoiceCall.ts';
import { reportSucceeded } from '../../../src/reconcile/ReconcileReport.ts';
import { ResyncLedger } from '../../../src/reconcile/ResyncLedger.ts';
import { runReconcile } from '../../../src/reconcile/runReconcile.ts';
import { diffVoiceCall, expectedValues, type VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { salesforceIdSuffix } from '../../../src/validation/salesforceId.ts';
import { ctrFactory, emptyVoiceCallRow } from '../../helpers/factories.ts';
import { InMemoryArchiveStore, InMemoryOrg } from '../../helpers/inMemoryPorts.ts';

const VOICECALL_ID = '0LQ5g00000AbCdEGAV';

function emptyRow(vendorCallKey: string): VoiceCallRow {
  return emptyVoiceCallRow({ Id: VOICECALL_ID, VendorCallKey: vendorCallKey });
}

/** An archive holding one CTR, an org holding its empty VoiceCall, and a context over both. */
async function world(flags: Partial<ReconcileContext['flags']> = {}) {
  const ctr = ctrFactory();
  const store = new InMemoryArchiveStore();
  const archive = new CtrArchive(store);
  await archive.put(parseCtr(JSON.stringify(ctr)));
  const org = new InMemoryOrg([emptyRow(ctr.ContactId as string)]);
  const ledger = new ResyncLedger(store);
  let attempts = 0;
  const context: ReconcileContext = {
    archive,
    ledger,
    write: createPacedWrite({
      writer: org,
      limiter: new AdaptiveRateLimiter(1000),
      policy: { maxAttempts: 3, baseDelayMs: 1 },
      sleep: async () => {},
      onAttempt: () => (attempts += 1),
    }),
    // Verification reads the fake org once: what landed by now is all that ever lands.
    awaitLanding: async (id, expected) => {
      const [row] = await org.byIds([id]);
      return row !== undefined && diffVoiceCall(row, expected).length === 0;
    },
    flags: { mode: 'missing', dryRun: false, retryUnconfirmed: false, ...flags },
    runId: 'run-1',
    now: () => new Date('2026-11-21T00:00:00Z'),
  };
  const row = (): VoiceCallRow => org.rows.get(VOICECALL_ID) as VoiceCallRow;
  const entry = async () => {
    const latest = await archive.latest(ctr.ContactId as string);
    return ledger.get(VOICECALL_ID, latest?.version.versionId ?? '');
  };
  return { ctr, org, ledger, context, row, entry, attempts: () => attempts };
}

describe('reconcileVoiceCall', () => {
  test('a call missing its CTR data is patched once, verified and confirmed in the ledger', async () => {
    const w = await world();
    const result = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(result.outcome, 'resynced-confirmed');
    assert.equal(w.org.patches.length, 1);
    assert.deepEqual(
      (await w.entry())?.history.map((h) => h.state),
      ['sending', 'sent', 'confirmed'],
    );
    // Reconciling the same call again sends nothing.
    assert.equal((await reconcileVoiceCall(w.row(), w.context)).outcome, 'already-resynced');
    assert.equal(w.org.patches.length, 1);
  });

  test('a PATCH whose answer was lost is never resent: it is recorded sent and verified', async () => {
    const w = await world();
    w.org.fates.push('answer-lost');
    const result = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(result.outcome, 'resynced-confirmed');
    assert.equal(w.org.patches.length, 1);
    assert.match((await w.entry())?.history[1]?.detail ?? '', /answer lost/);
  });

  test('a refused PATCH fails, is recorded failed, and is sent again by the next run', async () => {
    const w = await world();
    w.org.fates.push({ refuse: 400 });
    const first = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(first.outcome, 'failed');
    assert.equal((await w.entry())?.state, 'failed');
    const second = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(second.outcome, 'resynced-confirmed');
    assert.equal(w.org.patches.length, 2);
  });

  test('throttled attempts are retried up to the bound, every attempt counted', async () => {
    const w = await world();
    w.org.fates.push({ refuse: 429 }, { refuse: 429 }, { refuse: 429 });
    const result = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(result.outcome, 'failed');
    assert.equal(w.attempts(), 3);
  });

  test('a PATCH that never lands is unconfirmed, then reported not-landed without a resend', async () => {
    const w = await world();
    w.org.fates.push('lose');
    assert.equal((await reconcileVoiceCall(w.row(), w.context)).outcome, 'resynced-unconfirmed');
    const again = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(again.outcome, 'not-landed');
    assert.equal(w.org.patches.length, 1);
    const retried = await reconcileVoiceCall(w.row(), { ...w.context, flags: { ...w.context.flags, retryUnconfirmed: true } });
    assert.equal(retried.outcome, 'resynced-confirmed');
    assert.equal(w.org.patches.length, 2);
  });

  test('a confirmed call whose values are gone is resynced again, with its own outcome', async () => {
    const w = await world();
    await reconcileVoiceCall(w.row(), w.context);
    w.org.rows.set(VOICECALL_ID, emptyRow(w.ctr.ContactId as string));
    const result = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(result.outcome, 'reverted-resynced');
    assert.equal(w.org.patches.length, 2);
    assert.deepEqual(
      (await w.entry())?.history.map((h) => h.state),
      ['sending', 'sent', 'confirmed', 'sending', 'sent', 'confirmed'],
    );
  });

  test('a send interrupted by a crash is awaited by the next run, not resent', async () => {
    const w = await world();
    const latest = await w.context.archive.latest(w.ctr.ContactId as string);
    const expected = expectedValues(transformCtr(w.ctr).fields);
    const pair = { voiceCallId: VOICECALL_ID, contactId: w.ctr.ContactId as string, versionId: latest?.version.versionId ?? '', expected };
    await w.ledger.claim(moveLedgerEntry(undefined, { at: '2026-11-20T11:00:00Z', runId: 'crashed', state: 'sending' }, pair));
    // The crashed run's PATCH did land.
    w.org.rows.set(VOICECALL_ID, { ...w.row(), ...expected } as VoiceCallRow);
    const result = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(result.outcome, 'already-resynced');
    assert.equal(w.org.patches.length, 0);
    assert.equal((await w.entry())?.state, 'confirmed');
  });

  test('another run that claimed the pair first wins; this one sends nothing', async () => {
    const w = await world();
    const context: ReconcileContext = {
      ...w.context,
      ledger: { get: w.ledger.get.bind(w.ledger), save: w.ledger.save.bind(w.ledger), claim: async () => false },
    };
    const result = await reconcileVoiceCall(w.row(), context);
    assert.equal(result.outcome, 'already-resynced');
    assert.equal(w.org.patches.length, 0);
  });

  test('a dry run writes neither the ledger nor the VoiceCall', async () => {
    const w = await world({ dryRun: true });
    const result = await reconcileVoiceCall(w.row(), w.context);
    assert.equal(result.outcome, 'would-resync');
    assert.equal(w.org.patches.length, 0);
    assert.equal(await w.entry(), undefined);
  });
});

describe('runReconcile with an explicit selection', () => {
  test('reconciles exactly the chosen VoiceCalls and ContactIds, ignoring the window, and names what matched nothing', async () => {
    const store = new InMemoryArchiveStore();
    const archive = new CtrArchive(store);
    const ctrs = [ctrFactory(), ctrFactory(), ctrFactory()];
    for (const ctr of ctrs) await archive.put(parseCtr(JSON.stringify(ctr)));
    const ids = ['0LQ5g00000AbCdEGAV', '0LQ5g00000AbCdFGAV', '0LQ5g00000AbCdGGAV'].map((id15) => id15.slice(0, 15));
    const org = new InMemoryOrg(
      ctrs.map((ctr, i) => ({ ...emptyRow(ctr.ContactId as string), Id: `${ids[i]}${salesforceIdSuffix(ids[i] as string)}` })),
    );
    const report = await runReconcile(
      { reader: org, writer: org, archive, ledger: new ResyncLedger(store), sleep: async () => {} },
      {
        from: new Date('2020-01-01T00:00:00Z'),
        to: new Date('2020-01-02T00:00:00Z'),
        graceMs: 0,
        mode: 'missing',
        predicateSoql: 'QueueName = null',
        verifyIntervalMs: 1,
        only: { voiceCallIds: [ids[0] as string], contactIds: [ctrs[1]?.ContactId as string, ctrs[0]?.ContactId as string, 'no-such-contact'] },
      },
    );
    assert.deepEqual(
      report.records.map((r) => r.vendorCallKey).sort(),
      [ctrs[0]?.ContactId, ctrs[1]?.ContactId].sort(),
      'each chosen call once, none of the others',
    );
    assert.ok(report.records.every((r) => r.outcome === 'resynced-confirmed'));
    assert.deepEqual(report.selection?.notFound, ['no-such-contact']);
    assert.equal(reportSucceeded(report), false, 'a ContactId that matched no VoiceCall is not a success');
  });
});

describe('runReconcile interrupted', () => {
  test('an abort starts no further call, abandons verification (entries stay sent) and says so in the report', async () => {
    const store = new InMemoryArchiveStore();
    const archive = new CtrArchive(store);
    const ctrs = Array.from({ length: 30 }, () => ctrFactory());
    for (const ctr of ctrs) await archive.put(parseCtr(JSON.stringify(ctr)));
    const ids = ctrs.map((_, i) => `0LQ5g0000${String(i).padStart(6, '0')}`);
    const org = new InMemoryOrg(
      ctrs.map((ctr, i) => ({ ...emptyRow(ctr.ContactId as string), Id: `${ids[i]}${salesforceIdSuffix(ids[i] as string)}` })),
    );
    // Every PATCH is accepted but never lands, so verification would wait for its whole timeout.
    org.fates.push(...ctrs.map(() => 'lose' as const));
    const controller = new AbortController();
    const writer = {
      updateVoiceCall: async (id: string, fields: Parameters<InMemoryOrg['updateVoiceCall']>[1]) => {
        await org.updateVoiceCall(id, fields);
        if (org.patches.length === 3) controller.abort();
      },
    };
    const ledger = new ResyncLedger(store);
    const report = await runReconcile(
      { reader: org, writer, archive, ledger },
      {
        from: new Date('2026-11-20T00:00:00Z'),
        to: new Date('2026-11-21T00:00:00Z'),
        graceMs: 0,
        mode: 'missing',
        predicateSoql: 'QueueName = null',
        concurrency: 1,
        ratePerSecond: 1000,
        verifyTimeoutMs: 3_600_000,
        signal: controller.signal,
      },
    );
    assert.equal(report.stopped?.code, 'INTERRUPTED');
    assert.ok(org.patches.length <= 4, `no call was started after the abort (${org.patches.length} PATCHes)`);
    assert.ok(report.records.length < 30);
    assert.equal(reportSucceeded(report), false);
    for (const { voiceCallId } of org.patches) {
      const latest = await archive.latest(org.rows.get(voiceCallId)?.VendorCallKey as string);
      assert.equal((await ledger.get(voiceCallId, latest?.version.versionId ?? ''))?.state, 'sent', 'the next run verifies it, never resends it');
    }
  });
});
