import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canMove, type LedgerState, moveLedgerEntry } from '../../../src/reconcile/ledgerTransitions.ts';

const PAIR = { voiceCallId: '0LQ5g00000AbCdEAAA', contactId: 'c-1', versionId: '20261120T100600000Z_0123456789abcdef', expected: { QueueName: 'Q' } };
const STATES: LedgerState[] = ['sending', 'sent', 'confirmed', 'unconfirmed', 'failed'];

describe('ledger transitions', () => {
  test('the state machine, move by move', () => {
    const allowed: Record<string, LedgerState[]> = {
      none: ['sending'],
      sending: ['sending', 'sent', 'failed', 'confirmed', 'unconfirmed'],
      sent: ['sending', 'confirmed', 'unconfirmed'],
      unconfirmed: ['sending', 'confirmed'],
      confirmed: ['sending'],
      failed: ['sending'],
    };
    for (const from of [undefined, ...STATES]) {
      for (const to of STATES) {
        assert.equal(canMove(from, to), allowed[from ?? 'none']?.includes(to), `${from ?? 'none'} → ${to}`);
      }
    }
  });

  test('a move appends to the history and keeps the pair', () => {
    const sending = moveLedgerEntry(undefined, { at: '2026-11-20T10:00:00Z', runId: 'r1', state: 'sending' }, PAIR);
    const sent = moveLedgerEntry(sending, { at: '2026-11-20T10:00:01Z', runId: 'r1', state: 'sent', detail: 'answer lost' });
    assert.equal(sent.state, 'sent');
    assert.deepEqual(sent.expected, PAIR.expected);
    assert.deepEqual(sent.history, [
      { at: '2026-11-20T10:00:00Z', runId: 'r1', state: 'sending' },
      { at: '2026-11-20T10:00:01Z', runId: 'r1', state: 'sent', detail: 'answer lost' },
    ]);
    assert.equal(sending.history.length, 1, 'the previous entry is not changed');
  });

  test('a new send may replace the expected values (a newer transform)', () => {
    const confirmed = { ...PAIR, state: 'confirmed' as const, history: [] };
    const again = moveLedgerEntry(confirmed, { at: 'now', runId: 'r2', state: 'sending' }, { ...PAIR, expected: { QueueName: 'R' } });
    assert.deepEqual(again.expected, { QueueName: 'R' });
  });

  test('a move the state machine forbids is a bug, refused', () => {
    const confirmed = { ...PAIR, state: 'confirmed' as const, history: [] };
    assert.throws(() => moveLedgerEntry(confirmed, { at: 'now', runId: 'r', state: 'sent' }), RangeError);
    assert.throws(() => moveLedgerEntry(undefined, { at: 'now', runId: 'r', state: 'confirmed' }, PAIR), RangeError);
    assert.throws(() => moveLedgerEntry(undefined, { at: 'now', runId: 'r', state: 'sending' }), RangeError);
  });
});
