import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditReportKey, runReportKey } from '../../../src/archive/archiveKeys.ts';
import { InvalidIdentifierError } from '../../../src/errors.ts';

test('audit reports go under reports/audit/<first audited day>/, apart from the reconcile reports', () => {
  assert.equal(
    auditReportKey('2026-11-20T00:00:00.000Z', '4f1c2b9e-0d7a-4c55-9a41-3f0e9b6f2a10'),
    'reports/audit/2026-11-20/4f1c2b9e-0d7a-4c55-9a41-3f0e9b6f2a10.json',
  );
  assert.ok(!runReportKey('2026-11-20T00:00:00.000Z', 'r1').startsWith('reports/audit/'));
});

test('an audit report key refuses a run id that is not a plain token', () => {
  for (const bad of ['../x', 'a/b', '', 'x'.repeat(65)]) {
    assert.throws(() => auditReportKey('2026-11-20T00:00:00.000Z', bad), InvalidIdentifierError, JSON.stringify(bad));
  }
});
