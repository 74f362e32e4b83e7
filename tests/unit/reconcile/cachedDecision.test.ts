import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import {
  type CachedDecision,
  cachedDecision,
  decisionScope,
  parseDecisionManifest,
  reuseDecision,
  serializeDecisionManifest,
} from '../../../src/reconcile/cachedDecision.ts';
import { type CandidateInput, planCandidate } from '../../../src/reconcile/planCandidate.ts';
import type { VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { ctrFactory, emptyVoiceCallRow } from '../../helpers/factories.ts';

const VERSION = '20261120T100600000Z_0123456789abcdef';
const NEWER = '20261120T110000000Z_fedcba9876543210';
const ID = '0LQ5g00000AbCdEGAV';
const LIVE = { dryRun: false } as const;

function rowFor(ctr: ContactTraceRecord, overrides: Partial<VoiceCallRow> = {}): VoiceCallRow {
  return emptyVoiceCallRow({ Id: ID, VendorCallKey: ctr.ContactId as string, ...overrides });
}

function plan(ctr: ContactTraceRecord, archived: boolean, overrides: Partial<CandidateInput> = {}) {
  const input: CandidateInput = {
    row: rowFor(ctr),
    latest: archived ? { ctr: parseCtr(JSON.stringify(ctr)), versionId: VERSION, source: 'capture' } : undefined,
    ledger: undefined,
    mode: 'missing',
    dryRun: false,
    retryUnconfirmed: false,
    ...overrides,
  };
  return { row: input.row, action: planCandidate(input) };
}

/** The row a synced CTR leaves (what transformCtr sets for ctrFactory's defaults). */
function syncedRow(ctr: ContactTraceRecord): VoiceCallRow {
  return rowFor(ctr, {
    CallStartDateTime: '2026-11-20T10:00:00.000Z',
    CallEndDateTime: '2026-11-20T10:05:00.000Z',
    CallAcceptDateTime: '2026-11-20T10:01:10.000Z',
    CallQueuedDateTime: '2026-11-20T10:00:20.000Z',
    CustomerHoldDuration: 30,
    LongestHoldDuration: 20,
    NumberOfHolds: 2,
    QueueName: 'Support-Queue',
    DisconnectReason: 'CUSTOMER_DISCONNECT',
  });
}

describe('cachedDecision: what is remembered', () => {
  test('excluded, no archived CTR and in sync are remembered with the version they were decided on', () => {
    const excluded = ctrFactory({ Attributes: { NoSync: 'true' } });
    const e = plan(excluded, true);
    assert.deepEqual(
      { ...cachedDecision(e.row, e.action, LIVE), row: 'x' },
      {
        contactId: excluded.ContactId,
        version: VERSION,
        row: 'x',
        outcome: 'excluded',
        ctrSource: 'capture',
        rule: 'no-sync',
        detail: (e.action as { result: { detail: string } }).result.detail,
      },
    );
    const orphan = ctrFactory();
    const o = plan(orphan, false);
    assert.equal(cachedDecision(o.row, o.action, LIVE)?.version, 'none');
    const synced = ctrFactory();
    const s = plan(synced, true, { mode: 'diff', row: syncedRow(synced) });
    assert.equal(s.action.kind === 'report' && s.action.result.outcome, 'in-sync');
    assert.equal(cachedDecision(s.row, s.action, LIVE)?.outcome, 'in-sync');
  });

  test('a confirmed version the VoiceCall still holds is remembered as already resynced; a dry run remembers nothing', () => {
    const fixable = ctrFactory();
    const entry = (state: 'confirmed' | 'sent') => ({
      voiceCallId: ID,
      contactId: fixable.ContactId as string,
      versionId: VERSION,
      state,
      expected: {},
      history: [],
    });
    const confirmed = plan(fixable, true, { row: syncedRow(fixable), ledger: entry('confirmed') });
    assert.equal(confirmed.action.kind === 'report' && confirmed.action.result.outcome, 'already-resynced');
    assert.equal(cachedDecision(confirmed.row, confirmed.action, LIVE)?.outcome, 'already-resynced');
    assert.equal(cachedDecision(confirmed.row, confirmed.action, { dryRun: true }), undefined);
    const sent = plan(fixable, true, { row: syncedRow(fixable), ledger: entry('sent') });
    assert.equal(sent.action.kind, 'confirm');
    assert.equal(cachedDecision(sent.row, sent.action, LIVE), undefined, 'its ledger entry is moved first');
  });

  test('a PATCH, a dry run, an entry to verify and an invalid vendor key are never remembered', () => {
    const fixable = ctrFactory();
    const p = plan(fixable, true);
    assert.equal(p.action.kind, 'patch');
    assert.equal(cachedDecision(p.row, p.action, LIVE), undefined);
    const dry = plan(fixable, true, { dryRun: true });
    assert.equal(dry.action.kind === 'report' && dry.action.result.outcome, 'would-resync');
    assert.equal(cachedDecision(dry.row, dry.action, { dryRun: true }), undefined);
    const awaiting = plan(fixable, true, {
      ledger: { voiceCallId: ID, contactId: fixable.ContactId as string, versionId: VERSION, state: 'sent', expected: {}, history: [] },
    });
    assert.equal(awaiting.action.kind, 'await-landing');
    assert.equal(cachedDecision(awaiting.row, awaiting.action, LIVE), undefined);
    const excluded = plan(ctrFactory({ Attributes: { NoSync: 'true' } }), true, { dryRun: true });
    assert.equal(cachedDecision(excluded.row, excluded.action, { dryRun: true }), undefined);
    const badKey = plan(fixable, false, { row: rowFor(fixable, { VendorCallKey: '../x' }) });
    assert.equal(cachedDecision(badKey.row, badKey.action, LIVE), undefined);
  });
});

describe('reuseDecision: what invalidates a remembered decision', () => {
  const excluded = ctrFactory({ Attributes: { NoSync: 'true' } });
  const e = plan(excluded, true);
  const entry = cachedDecision(e.row, e.action, LIVE) as CachedDecision;
  const orphan = ctrFactory();
  const o = plan(orphan, false);
  const none = cachedDecision(o.row, o.action, LIVE) as CachedDecision;

  test('the same VoiceCall and the same newest version: the same record, rule included', () => {
    assert.deepEqual(reuseDecision(entry, e.row, VERSION), (e.action as { result: unknown }).result);
    assert.deepEqual(reuseDecision(none, o.row, undefined), (o.action as { result: unknown }).result);
  });

  test('a new CTR version invalidates it (a capture after "no archived CTR" too)', () => {
    assert.equal(reuseDecision(entry, e.row, NEWER), undefined);
    assert.equal(reuseDecision(entry, e.row, undefined), undefined, 'the version is gone');
    assert.equal(reuseDecision(none, o.row, VERSION), undefined);
  });

  test('any change to a field the VoiceCall query reads invalidates it', () => {
    for (const change of [
      { QueueName: 'Other' },
      { CustomerHoldDuration: 0 },
      { CallStartDateTime: '2026-11-20T10:00:01.000+0000' },
      { VendorCallKey: orphan.ContactId as string },
    ]) {
      assert.equal(reuseDecision(entry, { ...e.row, ...change }, VERSION), undefined, JSON.stringify(change));
    }
  });
});

describe('decision manifests', () => {
  const excluded = ctrFactory({ Attributes: { NoSync: 'true' } });
  const e = plan(excluded, true);
  const entry = cachedDecision(e.row, e.action, LIVE) as CachedDecision;

  test('the scope changes with the mode and the transform options', () => {
    const scopes = new Set([
      decisionScope({ mode: 'missing' }),
      decisionScope({ mode: 'diff' }),
      decisionScope({ mode: 'missing', transformOptions: { unknownDisconnectReason: false } }),
    ]);
    assert.equal(scopes.size, 3);
    assert.equal(decisionScope({ mode: 'missing', transformOptions: {} }), decisionScope({ mode: 'missing' }));
  });

  test('a manifest round-trips; another scope, bad JSON or an invalid entry count as nothing remembered', () => {
    const text = serializeDecisionManifest('s1', new Map([[ID, entry]]));
    assert.deepEqual(parseDecisionManifest(text, 's1').get(ID), entry);
    assert.equal(parseDecisionManifest(text, 's2').size, 0);
    assert.equal(parseDecisionManifest('{not json', 's1').size, 0);
    const hostile = JSON.stringify({
      format: 1,
      scope: 's1',
      decisions: { [ID]: { ...entry, version: '../../x' }, 'not-an-id': entry, '0LQ5g00000AbCdFGAV': { ...entry, outcome: 'resynced-confirmed' } },
    });
    assert.equal(parseDecisionManifest(hostile, 's1').size, 0);
  });
});
