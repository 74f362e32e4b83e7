import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { DecisionManifests } from '../../../src/reconcile/DecisionManifests.ts';
import type { ReconcileAction } from '../../../src/reconcile/planCandidate.ts';
import { salesforceIdSuffix } from '../../../src/validation/salesforceId.ts';
import type { VoiceCallRow } from '../../../src/voicecall/voiceCallFields.ts';
import { emptyVoiceCallRow } from '../../helpers/factories.ts';
import { InMemoryArchiveStore } from '../../helpers/inMemoryPorts.ts';

function row(n: number, day: string): VoiceCallRow {
  const id15 = `0LQ5g0000${String(n).padStart(6, '0')}`;
  return emptyVoiceCallRow({
    Id: `${id15}${salesforceIdSuffix(id15)}`,
    VendorCallKey: `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`,
    CallStartDateTime: `${day}T10:00:00.000Z`,
  });
}

/** "No archived CTR": a decision later runs may reuse. */
function noCtr(r: VoiceCallRow): ReconcileAction {
  return { kind: 'report', result: { voiceCallId: r.Id, vendorCallKey: r.VendorCallKey, outcome: 'no-archived-ctr' } };
}

async function decide(manifests: DecisionManifests, r: VoiceCallRow): Promise<void> {
  manifests.enter(r);
  if (!(await manifests.recall(r))) await manifests.remember(r, noCtr(r));
  manifests.leave(r);
}

test('a day is written and dropped as soon as a later day starts and its last candidate is decided', async () => {
  // Prepare
  const store = new InMemoryArchiveStore();
  const manifests = new DecisionManifests(store, new CtrArchive(store), { mode: 'missing', scope: 's', write: true });
  const day1 = [row(1, '2026-11-20'), row(2, '2026-11-20')];
  const day2 = [row(3, '2026-11-21')];

  // Act: day 1 in full, then day 2 starts
  for (const r of day1) await decide(manifests, r);
  const writtenDuringDay1 = manifests.stats.manifestsWritten;
  await decide(manifests, day2[0] as VoiceCallRow);
  await new Promise((resolve) => setImmediate(resolve));
  const writtenOnceDay2Started = manifests.stats.manifestsWritten;
  await manifests.flush();

  // Assess
  assert.equal(writtenDuringDay1, 0, 'the day is still open while it is the latest');
  assert.equal(writtenOnceDay2Started, 1, 'day 1 is written as soon as day 2 starts');
  assert.equal(manifests.stats.manifestsWritten, 2, 'day 2 at the end');
  assert.ok(store.objects.has('decisions/missing/2026-11-20.json'));
  assert.ok(store.objects.has('decisions/missing/2026-11-21.json'));

  // A late candidate of day 1 reads its manifest again (it was dropped from memory) and is still answered from it.
  const readsBefore = manifests.stats.manifestsRead;
  manifests.enter(day1[0] as VoiceCallRow);
  const recalled = await manifests.recall(day1[0] as VoiceCallRow);
  manifests.leave(day1[0] as VoiceCallRow);
  assert.equal(manifests.stats.manifestsRead, readsBefore + 1);
  assert.equal(recalled?.outcome, 'no-archived-ctr');
});

test('a day with a candidate still being decided is not written until that candidate is done', async () => {
  // Prepare
  const store = new InMemoryArchiveStore();
  const manifests = new DecisionManifests(store, new CtrArchive(store), { mode: 'missing', scope: 's', write: true });
  const slow = row(1, '2026-11-20');
  const later = row(2, '2026-11-21');

  // Act: the slow candidate is entered, then the next day starts before it is decided
  manifests.enter(slow);
  await manifests.recall(slow);
  await decide(manifests, later);
  await new Promise((resolve) => setImmediate(resolve));
  const writtenWhileOpen = manifests.stats.manifestsWritten;
  await manifests.remember(slow, noCtr(slow));
  manifests.leave(slow);
  await new Promise((resolve) => setImmediate(resolve));

  // Assess
  assert.equal(writtenWhileOpen, 0);
  assert.equal(manifests.stats.manifestsWritten, 1, 'written once its last candidate was decided');
  const written = JSON.parse((store.objects.get('decisions/missing/2026-11-20.json') as Buffer).toString()) as unknown;
  assert.ok(JSON.stringify(written).includes(slow.Id), 'with that candidate in it');
});
