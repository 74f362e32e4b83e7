import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContactTraceRecord } from '../../../src/ctr/ContactTraceRecord.ts';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import type { LedgerEntry, LedgerState } from '../../../src/reconcile/ledgerTransitions.ts';
import { type CandidateInput, planCandidate, type ReconcileAction, settleAwaited, settlePatch } from '../../../src/reconcile/planCandidate.ts';
import type { VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { ctrFactory, emptyVoiceCallRow } from '../../helpers/factories.ts';

const VERSION = '20261120T100600000Z_0123456789abcdef';

function emptyRow(vendorKey: string): VoiceCallRow {
  return emptyVoiceCallRow({ Id: '0LQ5g00000AbCdEAAA', VendorCallKey: vendorKey });
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
    latest: ctr ? { ctr: parseCtr(JSON.stringify(ctr)), versionId: VERSION, source: 'capture' } : undefined,
    ledger: undefined,
    mode: 'missing',
    dryRun: false,
    retryUnconfirmed: false,
    ...overrides,
  };
}

function ledger(state: LedgerState): LedgerEntry {
  return { voiceCallId: '0LQ5g00000AbCdEAAA', contactId: 'c', versionId: VERSION, state, expected: {}, history: [] };
}

/** A decision in one word: the outcome of a report, else the action's kind. */
function decision(action: ReconcileAction): string {
  return action.kind === 'report' ? action.result.outcome : action.kind;
}

describe('planCandidate', () => {
  test('no archived CTR is reported, never guessed', () => {
    assert.equal(decision(planCandidate(input(undefined))), 'no-archived-ctr');
  });

  test('a VendorCallKey that cannot be a ContactId is reported as such', () => {
    const action = planCandidate(input(undefined, { row: { ...emptyRow('x'), VendorCallKey: '../etc/passwd' } }));
    assert.ok(action.kind === 'report' && action.result.outcome === 'no-archived-ctr' && /not a valid ContactId/.test(action.result.detail ?? ''));
    const none = planCandidate(input(undefined, { row: { ...emptyRow('x'), VendorCallKey: null } }));
    assert.ok(none.kind === 'report' && /no VendorCallKey/.test(none.result.detail ?? ''));
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
      assert.equal(decision(plan), 'excluded');
      assert.equal(plan.kind === 'report' && plan.result.rule, rule);
    });
  }

  test('a call missing CTR data gets the transform as its PATCH, with the fields it changes', () => {
    const plan = planCandidate(input(ctrFactory()));
    assert.equal(plan.kind, 'patch');
    if (plan.kind !== 'patch') return;
    assert.equal(plan.fields.totalHoldDuration, 30);
    assert.deepEqual(plan.pair.expected.CustomerHoldDuration, 30);
    assert.equal(plan.reason, 'missing');
    assert.equal(plan.base.ctrSource, 'capture');
    assert.ok(plan.changes.some((c) => c.field === 'DisconnectReason' && c.current === null && c.expected === 'CUSTOMER_DISCONNECT'));
  });

  // The VoiceCall here still lacks the CTR's values. A confirmed entry means it held them once:
  // its data is gone since (a sandbox refresh, a manual clear), so it is resynced again.
  const ledgerCases: [LedgerState, boolean, string][] = [
    ['confirmed', false, 'patch'],
    ['unconfirmed', false, 'not-landed'],
    ['sent', false, 'await-landing'],
    ['sending', false, 'await-landing'],
    ['failed', false, 'patch'],
    ['unconfirmed', true, 'patch'],
    ['sending', true, 'patch'],
    ['confirmed', true, 'patch'],
  ];
  for (const [state, retry, kind] of ledgerCases) {
    test(`a version already ${state} in the ledger${retry ? ' with --retry-unconfirmed' : ''} → ${kind}`, () => {
      assert.equal(decision(planCandidate(input(ctrFactory(), { ledger: ledger(state), retryUnconfirmed: retry }))), kind);
    });
  }

  test('an interrupted send (sending/sent) is awaited, not resent; an unconfirmed one is not awaited again', () => {
    const awaiting = planCandidate(input(ctrFactory(), { ledger: ledger('sending') }));
    assert.equal(awaiting.kind, 'await-landing');
    const done = planCandidate(input(ctrFactory(), { ledger: ledger('unconfirmed') }));
    assert.ok(done.kind === 'report' && done.result.outcome === 'not-landed' && (done.result.changes?.length ?? 0) > 0);
  });

  test('why a version is sent again is named: refused before, retry of an unconfirmed one, reverted', () => {
    const reason = (state: LedgerState, retryUnconfirmed = false) => {
      const plan = planCandidate(input(ctrFactory(), { ledger: ledger(state), retryUnconfirmed }));
      return plan.kind === 'patch' ? plan.reason : plan.kind;
    };
    assert.equal(reason('failed'), 'refused-before');
    assert.equal(reason('unconfirmed', true), 'retry-unconfirmed');
    assert.equal(reason('confirmed'), 'reverted');
  });

  test('a dry run reports every field it would set and writes nothing, for a reverted call too', () => {
    for (const entry of [undefined, ledger('confirmed')]) {
      const plan = planCandidate(input(ctrFactory(), { dryRun: true, ledger: entry }));
      assert.ok(plan.kind === 'report' && plan.result.outcome === 'would-resync');
      assert.ok(plan.result.changes?.some((c) => c.field === 'QueueName' && c.current === null));
      assert.match(plan.result.detail ?? '', /^PATCH fields: /);
    }
  });

  test('a dry run neither awaits an interrupted send nor confirms a landed one', () => {
    assert.equal(decision(planCandidate(input(ctrFactory(), { dryRun: true, ledger: ledger('sending') }))), 'not-landed');
    const ctr = ctrFactory();
    assert.equal(decision(planCandidate(input(ctr, { dryRun: true, row: syncedRow(ctr), ledger: ledger('sent') }))), 'already-resynced');
  });

  test('a landed PATCH that the ledger does not know as confirmed is confirmed by this run', () => {
    const ctr = ctrFactory();
    assert.equal(planCandidate(input(ctr, { row: syncedRow(ctr), ledger: ledger('unconfirmed') })).kind, 'confirm');
  });

  test('diff mode: a matching VoiceCall is in sync; a stale one is patched', () => {
    const ctr = ctrFactory();
    assert.equal(decision(planCandidate(input(ctr, { mode: 'diff', row: syncedRow(ctr) }))), 'in-sync');
    const redelivered = { ...ctr, Agent: { ...ctr.Agent, CustomerHoldDuration: 95, NumberOfHolds: 3 }, LastUpdateTimestamp: '2026-11-21T08:00:00Z' };
    const plan = planCandidate(input(redelivered, { mode: 'diff', row: syncedRow(ctr) }));
    assert.equal(plan.kind, 'patch');
    assert.deepEqual(plan.kind === 'patch' && plan.changes.map((c) => c.field).sort(), ['CustomerHoldDuration', 'NumberOfHolds']);
  });

  test('a confirmed earlier PATCH whose record holds the values is reported landed', () => {
    const ctr = ctrFactory();
    const plan = planCandidate(input(ctr, { row: syncedRow(ctr), ledger: ledger('confirmed') }));
    assert.ok(plan.kind === 'report' && plan.result.outcome === 'already-resynced' && plan.result.changes === undefined);
  });
});

describe('settling a PATCH', () => {
  const plan = planCandidate(input(ctrFactory()));
  if (plan.kind !== 'patch') throw new Error('expected a patch');

  test('each fate of a PATCH has one outcome', () => {
    assert.equal(settlePatch(plan, { kind: 'claimed-elsewhere' }).outcome, 'already-resynced');
    assert.deepEqual(settlePatch(plan, { kind: 'refused', error: { code: 'X', message: 'no' } }).error, { code: 'X', message: 'no' });
    assert.equal(settlePatch(plan, { kind: 'verified', landed: true }).outcome, 'resynced-confirmed');
    const lost = settlePatch(plan, { kind: 'verified', landed: false });
    assert.equal(lost.outcome, 'resynced-unconfirmed');
    assert.deepEqual(lost.changes, plan.changes);
  });

  test('a reverted call that lands again has its own outcome', () => {
    const reverted = planCandidate(input(ctrFactory(), { ledger: ledger('confirmed') }));
    assert.ok(reverted.kind === 'patch');
    assert.equal(settlePatch(reverted, { kind: 'verified', landed: true }).outcome, 'reverted-resynced');
  });

  test('an awaited PATCH from an interrupted run is already resynced when it lands, unconfirmed when not', () => {
    const awaiting = planCandidate(input(ctrFactory(), { ledger: ledger('sent') }));
    assert.ok(awaiting.kind === 'await-landing');
    assert.equal(settleAwaited(awaiting, true).outcome, 'already-resynced');
    assert.equal(settleAwaited(awaiting, false).outcome, 'resynced-unconfirmed');
  });
});
