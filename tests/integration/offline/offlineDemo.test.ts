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
  assert.equal(result.checker.repaired + result.missing.summary['resynced-confirmed'], result.expectedFixes);
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
