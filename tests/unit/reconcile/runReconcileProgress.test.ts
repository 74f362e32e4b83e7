import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import type { CandidateQuery, VoiceCallReader } from '../../../src/ports/VoiceCallReader.ts';
import type { ReconcileProgress } from '../../../src/reconcile/ProgressTracker.ts';
import { ResyncLedger } from '../../../src/reconcile/ResyncLedger.ts';
import { runReconcile } from '../../../src/reconcile/runReconcile.ts';
import { salesforceIdSuffix } from '../../../src/validation/salesforceId.ts';
import { ctrFactory, emptyVoiceCallRow } from '../../helpers/factories.ts';
import { InMemoryArchiveStore, InMemoryOrg } from '../../helpers/inMemoryPorts.ts';

/** Three lost syncs; the org loses the first PATCH, so one call waits for verification until it times out. */
async function world() {
  const store = new InMemoryArchiveStore();
  const archive = new CtrArchive(store);
  const ctrs = [ctrFactory(), ctrFactory(), ctrFactory()];
  for (const ctr of ctrs) await archive.put(parseCtr(JSON.stringify(ctr)));
  const ids = ctrs.map((_, i) => `0LQ5g0000${String(i).padStart(6, '0')}`).map((id15) => `${id15}${salesforceIdSuffix(id15)}`);
  const org = new InMemoryOrg(ctrs.map((ctr, i) => emptyVoiceCallRow({ Id: ids[i] as string, VendorCallKey: ctr.ContactId as string })));
  org.fates.push('lose');
  // The reader answers one page and its total, as Salesforce's first query answer does (totalSize).
  const reader: VoiceCallReader = {
    async *candidates(query: CandidateQuery) {
      query.onPage?.({ rows: org.rows.size, totalSize: org.rows.size });
      yield* org.rows.values();
    },
    byIds: (batch) => org.byIds(batch),
    byVendorCallKeys: (keys) => org.byVendorCallKeys(keys),
  };
  let clock = 0;
  return {
    deps: {
      reader,
      writer: org,
      archive,
      ledger: new ResyncLedger(store),
      elapsedMs: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
    },
  };
}

const options = {
  from: new Date('2026-11-19T00:00:00Z'),
  to: new Date('2026-11-22T00:00:00Z'),
  graceMs: 0,
  mode: 'missing' as const,
  predicateSoql: 'CustomerHoldDuration = null',
  verifyIntervalMs: 1_000,
  verifyTimeoutMs: 10_000,
  ratePerSecond: 50,
};

test('progress goes query → resync → verify, knows the total from the first page, and says what verification waits for', async () => {
  // Prepare
  const { deps } = await world();
  const seen: ReconcileProgress[] = [];

  // Act
  const report = await runReconcile({ ...deps, onProgress: (p) => seen.push(p) }, options);

  // Assess
  assert.equal(seen[0]?.phase, 'query');
  assert.equal(seen[0]?.total, undefined, 'nothing is known before the first page');
  const phases = seen.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
  assert.deepEqual(phases, ['query', 'resync', 'verify']);
  assert.ok(
    seen.filter((p) => p.phase !== 'query').every((p) => p.total === 3),
    'the total is known from the first page on',
  );
  const waiting = seen.filter((p) => p.phase === 'verify' && p.awaitingLanding === 1);
  assert.ok(waiting.length >= 3, `verification reports while it waits (${waiting.length} snapshots)`);
  const ages = waiting.map((p) => p.oldestAwaitingMs ?? -1);
  assert.ok(
    ages.every((age, i) => i === 0 || age >= (ages[i - 1] ?? 0)),
    'the oldest age grows while it waits',
  );
  assert.ok((ages.at(-1) ?? 0) >= 9_000, 'until about the verify timeout');
  const last = seen.at(-1);
  assert.equal(last?.done, 3);
  assert.equal(last?.summary['resynced-confirmed'], 2);
  assert.equal(last?.summary['resynced-unconfirmed'], 1);
  assert.equal(last?.patchesSent, report.summary.patchesSent);
  assert.equal(last?.awaitingLanding, 0);
  assert.ok(
    seen.every((p) => p.phase !== 'verify' || p.etaSeconds === undefined),
    'no ETA while only verification is left',
  );
});

test('with --verbose-style debug logging, each page, PATCH and verify poll is one event, with Ids and counts only', async () => {
  // Prepare
  const { deps } = await world();
  const events: { msg: string; fields: Record<string, unknown> }[] = [];
  const log = {
    info: (msg: string, fields: Record<string, unknown> = {}) => events.push({ msg, fields }),
    warn: (msg: string, fields: Record<string, unknown> = {}) => events.push({ msg, fields }),
    debug: (msg: string, fields: Record<string, unknown> = {}) => events.push({ msg, fields }),
  };

  // Act
  await runReconcile({ ...deps, log }, options);

  // Assess
  const names = events.map((e) => e.msg);
  assert.equal(names[0], 'Reconcile run started');
  assert.equal(names.at(-1), 'Reconcile run finished');
  assert.deepEqual(events.find((e) => e.msg === 'Candidate page fetched')?.fields, { rows: 3, totalSize: 3 });
  const accepted = events.filter((e) => e.msg === 'PATCH accepted');
  assert.equal(accepted.length, 3);
  assert.ok(accepted.every((e) => typeof e.fields.voiceCallId === 'string' && Object.keys(e.fields).join() === 'kind,voiceCallId'));
  const polls = events.filter((e) => e.msg === 'Verify poll');
  assert.ok(polls.length >= 2);
  assert.ok(polls.every((e) => ['asked', 'landed', 'timedOut', 'pending'].every((k) => typeof e.fields[k] === 'number')));
  assert.equal(
    polls.reduce((n, e) => n + (e.fields.timedOut as number), 0),
    1,
  );
});
