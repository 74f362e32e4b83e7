import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_LIMITS, parseAuditSchedule } from '../../../src/config/auditSettings.ts';
import { ConfigError } from '../../../src/errors.ts';
import { previousCompleteDays } from '../../../src/lambda/createAuditHandler.ts';

const INSTANCE = '11111111-2222-4333-8444-555555555555';
const rejects = (env: Record<string, string>, setting: string) =>
  assert.throws(
    () => parseAuditSchedule({ CONNECT_INSTANCE_ID: INSTANCE, ...env }),
    (e: unknown) => e instanceof ConfigError && e.setting === setting,
    setting,
  );

test('the audit settings default to one day, a 2h lag and SearchContacts', () => {
  const schedule = parseAuditSchedule({ CONNECT_INSTANCE_ID: INSTANCE });
  assert.equal(schedule.source, 'search-contacts');
  assert.equal(schedule.days, AUDIT_LIMITS.days.default);
  assert.equal(schedule.lagMs, 2 * 3_600_000);
  assert.equal(schedule.dataLake.instanceId, INSTANCE);
});

test('each bad audit setting is refused, naming its variable', () => {
  rejects({ AUDIT_SOURCE: 'athena' }, 'AUDIT_SOURCE');
  rejects({ AUDIT_DAYS: '0' }, 'AUDIT_DAYS');
  rejects({ AUDIT_DAYS: '32' }, 'AUDIT_DAYS');
  rejects({ AUDIT_LAG: '30m' }, 'AUDIT_LAG'); // under the data lake's "less than an hour"
  rejects({ CONNECT_INSTANCE_ID: 'x y' }, 'CONNECT_INSTANCE_ID');
  rejects({ AUDIT_SOURCE: 'data-lake', DATA_LAKE_TABLE: 'contact_record; DROP' }, 'DATA_LAKE_TABLE');
  rejects({ AUDIT_SOURCE: 'data-lake', ATHENA_WORKGROUP: 'a/b' }, 'ATHENA_WORKGROUP');
  rejects({ AUDIT_SOURCE: 'data-lake', ATHENA_OUTPUT_LOCATION: 'https://bucket/x' }, 'ATHENA_OUTPUT_LOCATION');
  assert.throws(
    () => parseAuditSchedule({}),
    (e: unknown) => e instanceof ConfigError && e.setting === 'CONNECT_INSTANCE_ID',
  );
});

test('the audited window is the last complete UTC days that ended at least the lag ago', () => {
  const lag = 2 * 3_600_000;
  const iso = (w: { from: Date; to: Date }) => [w.from.toISOString(), w.to.toISOString()];
  assert.deepEqual(iso(previousCompleteDays(new Date('2026-11-21T03:00:00Z'), 1, lag)), ['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
  // At 01:00 yesterday ended only an hour ago: the day before is audited.
  assert.deepEqual(iso(previousCompleteDays(new Date('2026-11-21T01:00:00Z'), 1, lag)), ['2026-11-19T00:00:00.000Z', '2026-11-20T00:00:00.000Z']);
  assert.deepEqual(iso(previousCompleteDays(new Date('2026-11-21T02:00:00Z'), 3, lag)), ['2026-11-18T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
});
