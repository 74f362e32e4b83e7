import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { LandingVerifier } from '../../../src/reconcile/LandingVerifier.ts';
import type { VoiceCallReader } from '../../../src/ports/VoiceCallReader.ts';
import type { VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';

/** A clock that moves only when the test says so; `sleep` resolves when it passes the wake time. */
class ManualClock {
  public t = 0;
  readonly #timers: { at: number; resolve: () => void }[] = [];

  public readonly now = (): number => this.t;

  public readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.#timers.push({ at: this.t + ms, resolve });
    });

  /** Moves time forward in 10 ms steps, waking sleepers and letting their work run. */
  public async advance(ms: number): Promise<void> {
    for (const end = this.t + ms; this.t < end; ) {
      this.t += 10;
      for (const timer of this.#timers.filter((x) => x.at <= this.t)) {
        this.#timers.splice(this.#timers.indexOf(timer), 1);
        timer.resolve();
      }
      await tick();
    }
  }
}

/** A reader whose VoiceCalls all hold the expected values already; it counts the Ids per query. */
function landedReader(): VoiceCallReader & { readonly queries: number[] } {
  const queries: number[] = [];
  return {
    queries,
    candidates: async function* () {},
    byVendorCallKeys: async () => [],
    byIds: async (ids) => {
      queries.push(ids.length);
      return ids.map((Id) => ({ Id, QueueName: 'Q' }) as unknown as VoiceCallRow);
    },
  };
}

describe('LandingVerifier', () => {
  test('while PATCHes are still being sent, reads go out as full 200-Id batches; closing flushes the rest', async () => {
    const clock = new ManualClock();
    const reader = landedReader();
    const verifier = new LandingVerifier(reader, { timeoutMs: 180_000, intervalMs: 2_000, now: clock.now, sleep: clock.sleep });
    const running = verifier.run();
    const landed: Promise<boolean | undefined>[] = [];
    // 450 PATCHes at 50/s: one every 20 ms.
    for (let i = 0; i < 450; i += 1) {
      landed.push(verifier.watch(`0LQ${String(i).padStart(12, '0')}`, { QueueName: 'Q' }));
      await clock.advance(20);
    }
    verifier.close();
    await clock.advance(4_000);
    await running;
    assert.deepEqual(reader.queries, [200, 200, 50]);
    assert.ok((await Promise.all(landed)).every(Boolean));
  });

  test('a VoiceCall is not held longer than maxHoldMs waiting for a batch to fill', async () => {
    const clock = new ManualClock();
    const reader = landedReader();
    const verifier = new LandingVerifier(reader, { timeoutMs: 180_000, intervalMs: 1_000, maxHoldMs: 3_000, now: clock.now, sleep: clock.sleep });
    const running = verifier.run();
    const one = verifier.watch('0LQ000000000001', { QueueName: 'Q' });
    await clock.advance(3_000);
    assert.deepEqual(reader.queries, [], 'held: due after 1 s, not yet held 3 s');
    await clock.advance(2_000);
    assert.deepEqual(reader.queries, [1]);
    assert.equal(await one, true);
    verifier.close();
    await running;
  });

  test('once writes are done, a partial batch is read within one interval instead of being held maxHoldMs', async () => {
    // Prepare: the run's last 30 PATCHes went out; their watches are open and the verifier is not closed yet
    const clock = new ManualClock();
    const reader = landedReader();
    const verifier = new LandingVerifier(reader, { timeoutMs: 180_000, intervalMs: 2_000, maxHoldMs: 15_000, now: clock.now, sleep: clock.sleep });
    const running = verifier.run();
    const landed = Array.from({ length: 30 }, (_, i) => verifier.watch(`0LQ${String(i).padStart(12, '0')}`, { QueueName: 'Q' }));
    // Act
    verifier.writesDone();
    await clock.advance(4_000);
    // Assess: read by two intervals after the PATCHes (due after one, read at the next look), well before 15 s
    assert.deepEqual(reader.queries, [30]);
    assert.ok((await Promise.all(landed)).every(Boolean));
    // a watch added after writesDone (its ledger entry saved late) is still read
    const late = verifier.watch('0LQ000000000999', { QueueName: 'Q' });
    await clock.advance(4_000);
    assert.equal(await late, true);
    verifier.close();
    await running;
  });

  test('a PATCH that never lands times out as unconfirmed after being read again every interval', async () => {
    const clock = new ManualClock();
    const queries: number[] = [];
    const reader: VoiceCallReader = {
      candidates: async function* () {},
      byVendorCallKeys: async () => [],
      byIds: async (ids) => {
        queries.push(ids.length);
        return [];
      },
    };
    const verifier = new LandingVerifier(reader, { timeoutMs: 10_000, intervalMs: 2_000, now: clock.now, sleep: clock.sleep });
    const running = verifier.run();
    const lost = verifier.watch('0LQ000000000001', { QueueName: 'Q' });
    verifier.close();
    await clock.advance(14_000);
    assert.equal(await lost, false);
    await running;
    assert.ok(queries.length >= 4 && queries.length <= 6, `read again every interval until the timeout: ${queries.length} reads`);
  });
});
