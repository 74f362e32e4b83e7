import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { planCandidate } from '../../../src/reconcile/planCandidate.ts';
import { ResyncLedger } from '../../../src/reconcile/ResyncLedger.ts';
import { runReconcile } from '../../../src/reconcile/runReconcile.ts';
import { salesforceIdSuffix } from '../../../src/validation/salesforceId.ts';
import { ctrFactory, emptyVoiceCallRow } from '../../helpers/factories.ts';
import { InMemoryArchiveStore, InMemoryOrg } from '../../helpers/inMemoryPorts.ts';

const DL_VERSION = 'dl_20261120T100600000Z_0123456789abcdef';
const AT = '2026-11-20T12:00:00.000Z';

function rowFor(ctr: ContactTraceRecord, idBase = '0LQ5g00000AbCdE') {
  return emptyVoiceCallRow({ Id: `${idBase}${salesforceIdSuffix(idBase)}`, VendorCallKey: ctr.ContactId as string });
}

describe('planCandidate with a data-lake version', () => {
  test('a complete rebuilt version is sent, marked with its source, not partial', () => {
    const ctr = ctrFactory();
    const action = planCandidate({
      row: rowFor(ctr),
      latest: { ctr: parseCtr(JSON.stringify(ctr)), versionId: DL_VERSION, source: 'data-lake', missing: [] },
      ledger: undefined,
      mode: 'missing',
      dryRun: false,
      retryUnconfirmed: false,
    });
    assert.equal(action.kind, 'patch');
    if (action.kind !== 'patch') return;
    assert.equal(action.base.ctrSource, 'data-lake');
    assert.equal(action.base.partial, undefined);
    assert.equal(action.pair.source, 'data-lake');
  });

  test('a rebuilt version lacking fields is sent without them (never guessed) and every record says partial', () => {
    const ctr = ctrFactory();
    const agent = { ...(ctr.Agent as object) } as Record<string, unknown>;
    delete agent.LongestHoldDuration;
    const rebuilt = { ...ctr, Agent: agent };
    const action = planCandidate({
      row: rowFor(ctr),
      latest: { ctr: parseCtr(JSON.stringify(rebuilt)), versionId: DL_VERSION, source: 'data-lake', missing: ['Agent.LongestHoldDuration'] },
      ledger: undefined,
      mode: 'missing',
      dryRun: false,
      retryUnconfirmed: false,
    });
    assert.equal(action.kind, 'patch');
    if (action.kind !== 'patch') return;
    assert.equal(action.fields.longestHoldDuration, undefined, 'the missing field is left out of the PATCH');
    assert.equal('LongestHoldDuration' in action.pair.expected, false, 'nor expected back');
    assert.deepEqual(action.base, {
      voiceCallId: rowFor(ctr).Id,
      vendorCallKey: ctr.ContactId,
      ctrVersion: DL_VERSION,
      ctrSource: 'data-lake',
      partial: true,
      missingFields: ['Agent.LongestHoldDuration'],
    });
    assert.deepEqual(action.pair.missingFields, ['Agent.LongestHoldDuration']);
    const dry = planCandidate({
      row: rowFor(ctr),
      latest: { ctr: parseCtr(JSON.stringify(rebuilt)), versionId: DL_VERSION, source: 'data-lake', missing: ['Agent.LongestHoldDuration'] },
      ledger: undefined,
      mode: 'missing',
      dryRun: true,
      retryUnconfirmed: false,
    });
    assert.equal(dry.kind === 'report' && dry.result.outcome === 'would-resync' && dry.result.partial, true);
  });

  test('missing fields never mark a captured version partial', () => {
    const ctr = ctrFactory();
    const action = planCandidate({
      row: rowFor(ctr),
      latest: {
        ctr: parseCtr(JSON.stringify(ctr)),
        versionId: '20261120T100600000Z_0123456789abcdef',
        source: 'capture',
        missing: ['Agent.NumberOfHolds'],
      },
      ledger: undefined,
      mode: 'missing',
      dryRun: false,
      retryUnconfirmed: false,
    });
    assert.equal(action.kind === 'patch' && action.base.partial, undefined);
  });
});

describe('reconcile chooses the source', () => {
  async function world() {
    const store = new InMemoryArchiveStore();
    const archive = new CtrArchive(store);
    const captured = ctrFactory();
    const rebuiltOnly = ctrFactory();
    const partialOnly = ctrFactory();
    await archive.put(parseCtr(JSON.stringify(captured)));
    // A rebuilt copy of a captured contact, with different values: it must never be used.
    await archive.putRebuilt({
      contactId: captured.ContactId as string,
      ctr: { ...captured, DisconnectReason: 'OTHER' },
      missing: [],
      approximated: [],
      rebuiltAt: AT,
    });
    await archive.putRebuilt({ contactId: rebuiltOnly.ContactId as string, ctr: rebuiltOnly, missing: [], approximated: [], rebuiltAt: AT });
    const partialAgent = { ...(partialOnly.Agent as object) } as Record<string, unknown>;
    delete partialAgent.LongestHoldDuration;
    await archive.putRebuilt({
      contactId: partialOnly.ContactId as string,
      ctr: { ...partialOnly, Agent: partialAgent },
      missing: ['Agent.LongestHoldDuration'],
      approximated: [],
      rebuiltAt: AT,
    });
    const rows = [rowFor(captured, '0LQ5g00000AaaaA'), rowFor(rebuiltOnly, '0LQ5g00000AbbbB'), rowFor(partialOnly, '0LQ5g00000AcccC')];
    const org = new InMemoryOrg(rows);
    return { store, archive, org, rows, captured, rebuiltOnly, partialOnly };
  }

  test('captured wins; a rebuilt version is used only with none captured; report, summary and ledger carry the source', async () => {
    const { store, archive, org, rows, captured, rebuiltOnly, partialOnly } = await world();
    let rebuiltLookups = 0;
    const spied = Object.assign(Object.create(archive) as CtrArchive, {
      latestRebuilt: (id: string) => {
        rebuiltLookups += 1;
        return archive.latestRebuilt(id);
      },
    });
    const ledger = new ResyncLedger(store);
    const report = await runReconcile(
      { reader: org, writer: org, archive: spied, ledger, sleep: async () => {} },
      {
        from: new Date('2026-11-20T00:00:00Z'),
        to: new Date('2026-11-21T00:00:00Z'),
        graceMs: 0,
        mode: 'missing',
        predicateSoql: 'QueueName = null',
        verifyIntervalMs: 1,
        only: { contactIds: [captured, rebuiltOnly, partialOnly].map((c) => c.ContactId as string) },
      },
    );
    const byKey = new Map(report.records.map((r) => [r.vendorCallKey, r]));
    assert.equal(byKey.get(captured.ContactId as string)?.ctrSource, 'capture');
    assert.equal(byKey.get(rebuiltOnly.ContactId as string)?.ctrSource, 'data-lake');
    assert.match(byKey.get(rebuiltOnly.ContactId as string)?.ctrVersion ?? '', /^dl_/);
    assert.equal(byKey.get(rebuiltOnly.ContactId as string)?.partial, undefined);
    assert.equal(byKey.get(partialOnly.ContactId as string)?.partial, true);
    assert.deepEqual(byKey.get(partialOnly.ContactId as string)?.missingFields, ['Agent.LongestHoldDuration']);
    for (const r of report.records) assert.equal(r.outcome, 'resynced-confirmed');
    assert.equal(report.summary.resyncedFromDataLake, 2);
    assert.equal(report.summary.partialSyncs, 1);
    assert.equal(rebuiltLookups, 2, 'the captured contact never looked at the rebuilt prefix');
    assert.equal(org.rows.get(rows[0]?.Id as string)?.DisconnectReason, captured.DisconnectReason, 'the captured values were sent');
    const entry = await ledger.get(rows[2]?.Id as string, byKey.get(partialOnly.ContactId as string)?.ctrVersion as string);
    assert.equal(entry?.source, 'data-lake');
    assert.equal(entry?.partial, true);
    assert.equal(entry?.state, 'confirmed');
    assert.equal((await ledger.get(rows[0]?.Id as string, byKey.get(captured.ContactId as string)?.ctrVersion as string))?.source, 'capture');
  });

  test('an archive holding only rebuilt versions is not an empty archive', async () => {
    const store = new InMemoryArchiveStore();
    const archive = new CtrArchive(store);
    const ctr = ctrFactory();
    await archive.putRebuilt({ contactId: ctr.ContactId as string, ctr, missing: [], approximated: [], rebuiltAt: AT });
    const org = new InMemoryOrg([rowFor(ctr)]);
    const report = await runReconcile(
      { reader: org, writer: org, archive, ledger: new ResyncLedger(store), sleep: async () => {} },
      {
        from: new Date('2026-11-20T00:00:00Z'),
        to: new Date('2026-11-21T00:00:00Z'),
        graceMs: 0,
        mode: 'missing',
        predicateSoql: 'QueueName = null',
        verifyIntervalMs: 1,
        only: { contactIds: [ctr.ContactId as string] },
      },
    );
    assert.equal(report.summary['resynced-confirmed'], 1);
    assert.equal(report.summary.resyncedFromDataLake, 1);
  });
});
