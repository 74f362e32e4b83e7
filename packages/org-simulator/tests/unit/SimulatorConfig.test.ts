import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorConfigError } from '../../src/simulatorErrors.ts';
import { DEFAULT_SIMULATOR_CONFIG, mergeSimulatorConfig } from '../../src/SimulatorConfig.ts';

describe('mergeSimulatorConfig', () => {
  it('merges delays field by field and fault rates per endpoint', () => {
    const a = mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, { applyDelayMs: { fixed: 5 }, errorRates: { rest: { '503': 0.5 } } });
    const b = mergeSimulatorConfig(a, { errorRates: { telephony: { drop: 0.1 } } });
    assert.deepEqual(b.applyDelayMs, { fixed: 5, jitter: DEFAULT_SIMULATOR_CONFIG.applyDelayMs.jitter });
    assert.deepEqual(b.errorRates, { rest: { '503': 0.5 }, telephony: { drop: 0.1 } });
  });

  it('adds custom fields and refuses a type change', () => {
    const a = mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, { customFields: { CtrSyncedAt__c: 'datetime' } });
    assert.deepEqual(a.customFields, { CtrSyncedAt__c: 'datetime' });
    assert.throws(() => mergeSimulatorConfig(a, { customFields: { ctrsyncedat__c: 'string' } }), SimulatorConfigError);
  });

  it('names the bad setting', () => {
    assert.throws(() => mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, { lostApplyFraction: 2 }), /lostApplyFraction/);
    assert.throws(() => mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, { nope: 1 }), /nope: unknown setting/);
    assert.throws(() => mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, { errorRates: { '*': { '500': 0.6, '503': 0.6 } } }), /add up/);
    assert.throws(() => mergeSimulatorConfig(DEFAULT_SIMULATOR_CONFIG, { customFields: { Bad: 'string' } }), /Name__c/);
  });
});
