import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ScvSync, type SimulatedCtr, SimulatorConfigError, startOrgSimulator } from '../../src/index.ts';

const ctr = (contactId: string, attributes: Record<string, string> = {}): SimulatedCtr => ({
  ContactId: contactId,
  Channel: 'VOICE',
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2026-11-22T10:00:00Z',
  DisconnectTimestamp: '2026-11-22T10:05:00Z',
  LastUpdateTimestamp: '2026-11-22T10:06:00Z',
  Attributes: attributes,
});

test('seeding applies exactly what the injected SCV sync decides: its exclusions by its rule names, its fields', async () => {
  // Prepare: a stand-in sync that knows nothing of SCV's real rules.
  const seen: string[] = [];
  const scvSync: ScvSync = (c) => {
    seen.push(c.ContactId as string);
    if (c.Attributes?.skip === 'yes') return { excluded: 'test-rule' };
    if (c.Attributes?.broken === 'yes') throw new Error('cannot map');
    return {
      fields: {
        startTime: c.InitiationTimestamp,
        endTime: c.DisconnectTimestamp,
        disconnectReason: { value: 'CUSTOMER_DISCONNECT', isError: false },
      },
    };
  };
  const sim = await startOrgSimulator({ scvSync });
  try {
    // Act
    const summary = await sim.seedFromCtrs([ctr('c-synced'), ctr('c-skipped', { skip: 'yes' }), ctr('c-broken', { broken: 'yes' })]);
    // Assess
    assert.deepEqual(seen.sort(), ['c-broken', 'c-skipped', 'c-synced']);
    assert.deepEqual(
      { created: summary.created, synced: summary.synced, rejected: summary.rejected, excluded: summary.excluded },
      { created: 3, synced: 1, rejected: 1, excluded: { total: 1, byRule: { 'test-rule': 1 } } },
    );
    const [synced] = sim.findVoiceCalls('c-synced');
    assert.equal(synced?.DisconnectReason, 'CUSTOMER_DISCONNECT');
    const [skipped] = sim.findVoiceCalls('c-skipped');
    assert.equal(skipped?.DisconnectReason, null);
  } finally {
    await sim.close();
  }
});

test('without an injected SCV sync, seeding is refused: SimulatorConfigError in process, 400 over HTTP', async () => {
  const sim = await startOrgSimulator();
  try {
    await assert.rejects(sim.seedFromCtrs([ctr('c-1')]), (error: unknown) => error instanceof SimulatorConfigError && error.setting === 'scvSync');
    const response = await fetch(`${sim.url}/_simulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ctrs: [ctr('c-1')] }),
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /scvSync/);
  } finally {
    await sim.close();
  }
});
