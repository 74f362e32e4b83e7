import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runOfflineDemo } from '../../../src/offline/runOfflineDemo.ts';
import { tempDir } from '../../helpers/archives.ts';

const dir = tempDir('demo');
after(() => dir.remove());

test('the offline demo runs the whole loop and fixes everything fixable', async () => {
  const steps: string[] = [];
  const result = await runOfflineDemo({
    workDir: join(dir.path, 'demo'),
    records: 800,
    seed: 3,
    now: new Date('2026-11-23T08:00:00Z'),
    onStep: (l) => steps.push(l),
  });
  assert.equal(result.succeeded, true, steps.join('\n'));
  assert.equal(result.day, '2026-11-22');
  assert.ok(result.before.fixableFromArchive > 0, 'the simulated SCV sync lost some CTRs');
  assert.ok(result.checker.repaired > 0, 'the repair checker repaired lost syncs minutes after the call');
  assert.ok(result.checker.alreadySynced > 0, "the checker found SCV's own syncs and left them alone");
  // Fixes from the capture: the checker's plus missing mode's, minus those missing mode made from the data lake.
  assert.equal(result.checker.repaired + result.missing.summary['resynced-confirmed'] - result.dataLake.repaired, result.expectedFixes);
  // The second source: the consumer was off for a stretch, the audit found the gaps, the data lake repaired them.
  assert.ok(result.capture.consumerOff.batches > 0 && result.capture.consumerOff.records > 0);
  assert.ok(result.dataLake.auditMissingFromArchive >= result.capture.neverArchived, 'the audit finds the contacts the capture missed');
  assert.ok(result.dataLake.imported > 0 && result.dataLake.imported <= result.dataLake.auditMissingFromArchive);
  assert.ok(result.dataLake.repaired > 0, 'calls repaired from the data lake');
  assert.equal(result.missing.summary.resyncedFromDataLake, result.dataLake.repaired);
  const fromLake = result.missing.records.filter((r) => r.ctrSource === 'data-lake');
  assert.ok(fromLake.every((r) => r.ctrVersion?.startsWith('dl_')));
  assert.ok(
    result.missing.records.filter((r) => r.outcome === 'no-archived-ctr').length <= result.dataLake.undecidable,
    'only undecidable rows are left without a CTR',
  );
  assert.ok(
    steps.some((l) =>
      /^audit \(data lake, simulated Athena; alongside the checker\): \d+ contacts known to Connect, \d+ missing from the archive/.test(l),
    ),
  );
  assert.ok(steps.some((l) => /^repaired from the data lake \(no captured CTR\): \d+ confirmed/.test(l)));
  assert.equal(result.after.fixableFromArchive, 0);
  assert.ok(result.capture.quarantined > 0, 'malformed records were quarantined');
  assert.ok(result.missing.summary.excluded > 0, 'SCV exclusions were reported');
  assert.equal(
    result.apiCalls['PATCH /telephony/v1/voiceCalls/{id}'],
    result.checker.patchesSent + result.missing.summary.patchesSent + result.diff.summary.patchesSent,
    'one PATCH per fix',
  );
  assert.ok(existsSync(result.reportFiles.coverage) && readFileSync(result.reportFiles.coverage, 'utf8').includes('coverage-chart'));
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(result.reportFiles.reconcile, 'utf8')) as object), ['missing', 'diff']);
});
