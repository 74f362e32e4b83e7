import { simulatorSettings } from '../../../src/offline/demoSimulatorSettings.ts';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type RunningConnectSimulator, startConnectSimulator } from '@ctr-resync/connect-simulator';
import { type RunningOrgSimulator, startOrgSimulator } from '@ctr-resync/org-simulator';
import { openArchive } from '../../../src/config/archiveLocation.ts';
import { parseAuditSchedule } from '../../../src/config/auditSettings.ts';
import { buildAuditConnectSide, buildAuditReadSides } from '../../../src/config/buildAuditInputs.ts';
import type { ReconcileSettings } from '../../../src/config/reconcileSettings.ts';
import { AuditInputError } from '../../../src/errors.ts';
import { createAuditHandler } from '../../../src/lambda/createAuditHandler.ts';
import { scvSync } from '../../../src/transform/scvSync.ts';
import { startTestS3 } from '../../helpers/archives.ts';
import { ctrToSimulatorRow, TEST_INSTANCE_ID } from '../../helpers/dataLakeRows.ts';
import { ctrFactory, lambdaContext } from '../../helpers/factories.ts';
import { archiveAll } from '../../helpers/orgHarness.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';

// Offline, over HTTP: S3 is s3rver (AWS SDK), Athena and SearchContacts are packages/connect-simulator
// (simulated), VoiceCalls come from packages/org-simulator (simulated).
let s3: Awaited<ReturnType<typeof startTestS3>>;
let org: RunningOrgSimulator;
let connect: RunningConnectSimulator;
let settings: Pick<ReconcileSettings, 'archive' | 'salesforce'>;
const PREFIX = 'prod';

const at = (hh: string) => `2026-11-20T${hh}:00:00Z`;
const A = ctrFactory({ InitiationTimestamp: at('08') });
const B = ctrFactory({ InitiationTimestamp: at('09') });
const C = ctrFactory({ InitiationTimestamp: at('10') });
const D = ctrFactory({ InitiationTimestamp: at('11') });
const E = ctrFactory({ InitiationTimestamp: at('12') });
/** 03:00 UTC the next day: with the 2h lag, the audited day is 2026-11-20. */
const NOW = new Date('2026-11-21T03:00:00Z');

before(async () => {
  s3 = await startTestS3();
  // The handler builds its S3 client from settings alone, as in Lambda: the endpoint and the keys
  // come from the SDK's standard variables (this file runs in its own process).
  process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
  process.env.AWS_ACCESS_KEY_ID = s3.clientConfig.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.clientConfig.credentials.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  org = await startOrgSimulator({ scvSync });
  connect = await startConnectSimulator({ rows: [A, B, C, D].map((c) => ctrToSimulatorRow(c)), athena: { queuedPolls: 0, runningPolls: 1 } });
  settings = simulatorSettings(org, { location: { kind: 's3', bucket: s3.bucket, prefix: PREFIX }, s3: { forcePathStyle: true } });
  // A, B have VoiceCalls; C none; D was never archived (a capture gap); E's VoiceCall has no Connect contact.
  await org.seedFromCtrs([A, B, E], { lostSyncFraction: 0 });
  await archiveAll(openArchive(settings.archive.location, { forcePathStyle: true }), [A, B, C]);
});
after(async () => {
  await org?.close();
  await connect?.close();
  await s3?.stop();
  s3?.removeData();
});

function handlerFor(source: 'data-lake' | 'search-contacts', runId: string) {
  const schedule = parseAuditSchedule({
    AUDIT_SOURCE: source,
    CONNECT_INSTANCE_ID: TEST_INSTANCE_ID,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_ATHENA: connect.url,
    AWS_ENDPOINT_URL_CONNECT: connect.url,
    ATHENA_OUTPUT_LOCATION: 's3://athena-results-test/ctr-resync/',
  });
  const side = buildAuditConnectSide(schedule);
  const metrics = recordingMetrics();
  const logger = recordingLogger();
  const handler = createAuditHandler({
    schedule,
    connectContacts: side.connectContacts,
    reads: async () => buildAuditReadSides(settings),
    logger,
    metrics,
    now: () => NOW,
    runId: () => runId,
  });
  return { handler, metrics, logger, close: side.close };
}

async function readObject(key: string): Promise<string> {
  const client = new S3Client(s3.clientConfig);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return await (out.Body as { transformToString(): Promise<string> }).transformToString();
  } finally {
    client.destroy();
  }
}

for (const source of ['data-lake', 'search-contacts'] as const) {
  test(`the scheduled audit (${source}) audits yesterday, emits per-day metrics and stores its report in the archive`, async () => {
    // Prepare
    const { handler, metrics, logger, close } = handlerFor(source, `run-${source}`);

    // Act
    const result = await handler(undefined, lambdaContext()).finally(close);

    // Assess
    assert.equal(result.from, '2026-11-20T00:00:00.000Z');
    assert.equal(result.to, '2026-11-21T00:00:00.000Z');
    assert.equal(metrics.totals.ContactsMissingFromArchive, 1);
    assert.equal(metrics.totals.VoiceContactsWithoutVoiceCall, 2);
    assert.equal(metrics.totals.VoiceCallsWithoutContact, 1);
    assert.equal(metrics.totals.ConnectContacts, 4);
    assert.equal(metrics.totals.ArchivedContacts, 3);
    assert.equal(metrics.totals.AuditFailures, undefined);
    assert.equal(metrics.published, 1, 'one EMF document per audited day');
    assert.equal(result.reportKey, `reports/audit/2026-11-20/run-${source}.json`);
    const stored = JSON.parse(await readObject(`${PREFIX}/${result.reportKey}`)) as {
      source: string;
      days: { samples: { captureGaps: string[] } }[];
      totals: Record<string, number>;
    };
    assert.equal(stored.source, source);
    assert.deepEqual(stored.days[0]?.samples.captureGaps, [D.ContactId]);
    assert.equal(stored.totals.captureGaps, 1);
    const logs = logger.text();
    assert.ok(!logs.includes('+1555') && !logs.includes('+1800'), 'no phone numbers in logs');
    assert.ok(!logs.includes(D.ContactId as string), 'the summary log carries counts, not ids');
    assert.match(logs, /"captureGaps":1/);
  });
}

test('a failing data-lake query fails the run loudly: AuditFailures metric, an error log naming the input, no report', async () => {
  // Prepare
  const { handler, metrics, logger, close } = handlerFor('data-lake', 'run-failing');
  connect.athena.inject({ kind: 'fail-next-query', message: 'simulated failure' });

  // Act
  const run = handler(undefined, lambdaContext()).finally(close);

  // Assess
  await assert.rejects(run, (e: unknown) => e instanceof AuditInputError && e.input === 'connect');
  assert.equal(metrics.totals.AuditFailures, 1);
  assert.equal(metrics.totals.ContactsMissingFromArchive, undefined, 'no count is emitted for a day that was not audited');
  const failure = logger.entries.find((e) => e.level === 'error');
  assert.equal(failure?.message, 'Audit failed');
  assert.equal(failure?.extra.input, 'connect');
  const client = new S3Client(s3.clientConfig);
  const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${PREFIX}/reports/audit/2026-11-20/run-failing` }));
  client.destroy();
  assert.equal(listed.KeyCount ?? 0, 0);
});

test('an event window overrides the default days', async () => {
  // Prepare
  const { handler, metrics, close } = handlerFor('search-contacts', 'run-window');

  // Act
  const result = await handler({ since: '2026-11-19T00:00:00Z', until: '2026-11-21T00:00:00Z' }, lambdaContext()).finally(close);

  // Assess
  assert.equal(result.from, '2026-11-19T00:00:00.000Z');
  assert.equal(metrics.published, 2, 'two days, two EMF documents');
  assert.equal(result.totals.captureGaps, 1);
  assert.equal(result.reportKey, 'reports/audit/2026-11-19/run-window.json');
});
