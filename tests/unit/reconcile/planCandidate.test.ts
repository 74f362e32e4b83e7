import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { type CandidateInput, planCandidate } from '../../../src/reconcile/planCandidate.ts';
import type { LedgerEntry, LedgerState } from '../../../src/reconcile/ResyncLedger.ts';
import type { VoiceCallRow } from '../../../src/reconcile/voiceCallFields.ts';
import { ctrFactory } from '../../helpers/factories.ts';

const VERSION = '20261120T100600000Z_0123456789abcdef';

function emptyRow(vendorKey: string): VoiceCallRow {
  return {
    Id: '0LQ5g00000AbCdEAAA',
    VendorCallKey: vendorKey,
    CallStartDateTime: '2026-11-20T10:00:00.000+0000',
    CallEndDateTime: null,
    CallAcceptDateTime: null,
    CallQueuedDateTime: null,
    CustomerHoldDuration: null,
    LongestHoldDuration: null,
    NumberOfHolds: null,
    QueueName: null,
    DisconnectReason: null,
  };
}

function syncedRow(ctr: ContactTraceRecord): VoiceCallRow {
  return {
    ...emptyRow(ctr.ContactId as string),
    CallEndDateTime: '2026-11-20T10:05:00.000+0000',
    CallAcceptDateTime: '2026-11-20T10:01:10.000+0000',
    CallQueuedDateTime: '2026-11-20T10:00:20.000+0000',
    CustomerHoldDuration: 30,
    LongestHoldDuration: 20,
    NumberOfHolds: 2,
    QueueName: 'Support-Queue',
    DisconnectReason: 'CUSTOMER_DISCONNECT',
  };
}

function input(ctr: ContactTraceRecord | undefined, overrides: Partial<CandidateInput> = {}): CandidateInput {
  return {
    row: emptyRow((ctr?.ContactId as string) ?? 'c-none'),
    latest: ctr ? { ctr: parseCtr(JSON.stringify(ctr)), versionId: VERSION } : undefined,
    ledger: undefined,
    mode: 'missing',
    retryUnconfirmed: false,
    ...overrides,
  };
}

function ledger(state: LedgerState): LedgerEntry {
  return { voiceCallId: '0LQ5g00000AbCdEAAA', contactId: 'c', versionId: VERSION, state, expected: {}, history: [] };
}

describe('planCandidate', () => {
  test('no archived CTR is reported, never guessed', () => {
    assert.equal(planCandidate(input(undefined)).kind, 'no-archived-ctr');
  });

  const exclusions: [string, Partial<ContactTraceRecord>, string][] = [
    ['NoSync', { Attributes: { NoSync: 'true' } }, 'no-sync'],
    ['voicemail', { Attributes: { vm_flag: '1' }, Recordings: [{ Location: 'b/k.wav' }] }, 'voicemail'],
    ['QUEUE_TRANSFER', { InitiationMethod: 'QUEUE_TRANSFER' }, 'initiation-method'],
    ['chat', { Channel: 'CHAT' }, 'channel'],
  ];
  for (const [name, overrides, rule] of exclusions) {
    test(`${name} is excluded by SCV rule ${rule} and never patched`, () => {
      const plan = planCandidate(input(ctrFactory(overrides)));
      assert.equal(plan.kind, 'excluded');
      assert.equal(plan.kind === 'excluded' && plan.rule, rule);
    });
  }

  test('a call missing CTR data gets the transform as its PATCH, with the fields it changes', () => {
    const plan = planCandidate(input(ctrFactory()));
    assert.equal(plan.kind, 'patch');
    if (plan.kind !== 'patch') return;
    assert.equal(plan.fields.totalHoldDuration, 30);
    assert.deepEqual(plan.expected.CustomerHoldDuration, 30);
    assert.ok(plan.changes.some((c) => c.field === 'DisconnectReason' && c.current === null && c.expected === 'CUSTOMER_DISCONNECT'));
  });

  const ledgerCases: [LedgerState, boolean, string][] = [
    ['confirmed', false, 'already-resynced'],
    ['unconfirmed', false, 'already-resynced'],
    ['sent', false, 'already-resynced'],
    ['sending', false, 'already-resynced'],
    ['failed', false, 'patch'],
    ['unconfirmed', true, 'patch'],
    ['sending', true, 'patch'],
    ['confirmed', true, 'already-resynced'],
  ];
  for (const [state, retry, kind] of ledgerCases) {
    test(`a version already ${state} in the ledger${retry ? ' with --retry-unconfirmed' : ''} → ${kind}`, () => {
      assert.equal(planCandidate(input(ctrFactory(), { ledger: ledger(state), retryUnconfirmed: retry })).kind, kind);
    });
  }

  test('an interrupted send (sending/sent) is awaited, not resent; an unconfirmed one is not awaited again', () => {
    const awaiting = planCandidate(input(ctrFactory(), { ledger: ledger('sending') }));
    assert.ok(awaiting.kind === 'already-resynced' && awaiting.awaitLanding && !awaiting.landed);
    const done = planCandidate(input(ctrFactory(), { ledger: ledger('unconfirmed') }));
    assert.ok(done.kind === 'already-resynced' && !done.awaitLanding);
  });

  test('diff mode: a matching VoiceCall is in sync; a stale one is patched', () => {
    const ctr = ctrFactory();
    assert.equal(planCandidate(input(ctr, { mode: 'diff', row: syncedRow(ctr) })).kind, 'in-sync');
    const redelivered = { ...ctr, Agent: { ...ctr.Agent, CustomerHoldDuration: 95, NumberOfHolds: 3 }, LastUpdateTimestamp: '2026-11-21T08:00:00Z' };
    const plan = planCandidate(input(redelivered, { mode: 'diff', row: syncedRow(ctr) }));
    assert.equal(plan.kind, 'patch');
    assert.deepEqual(plan.kind === 'patch' && plan.changes.map((c) => c.field).sort(), ['CustomerHoldDuration', 'NumberOfHolds']);
  });

  test('a confirmed earlier PATCH whose record holds the values is reported landed', () => {
    const ctr = ctrFactory();
    const plan = planCandidate(input(ctr, { row: syncedRow(ctr), ledger: ledger('confirmed') }));
    assert.ok(plan.kind === 'already-resynced' && plan.landed);
  });
});
