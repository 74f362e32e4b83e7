import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { transformCtr } from '../../../src/transform/transformCtr.ts';
import { ctrFactory } from '../../helpers/factories.ts';

test('scvSync, the sync the simulator is given: an excluded CTR gives its rule, any other CTR its transformed fields', () => {
  const noSync = ctrFactory({ Attributes: { NoSync: 'true' } });
  assert.deepEqual(scvSync(noSync), { excluded: 'no-sync' });
  assert.deepEqual(scvSync(ctrFactory({ InitiationMethod: 'QUEUE_TRANSFER' })), { excluded: 'initiation-method' });
  const voice = ctrFactory();
  assert.deepEqual(scvSync(voice), { fields: transformCtr(voice).fields });
});
