import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { AuditInputError } from '../../../src/errors.ts';
import { createAuditHandler } from '../../../src/lambda/createAuditHandler.ts';
import { lambdaContext } from '../../helpers/factories.ts';
import { recordingLogger, recordingMetrics } from '../../helpers/recorders.ts';

const SCHEDULE = { source: 'search-contacts', days: 1, lagMs: 2 * 3_600_000 } as const;
const NOW = () => new Date('2026-11-21T03:00:00Z');

async function* none<T>(): AsyncGenerator<T> {}
async function* failing<T>(message: string): AsyncGenerator<T> {
  yield* [];
  throw new Error(message);
}

/** An archive stub whose store records puts (or fails them). */
function stubArchive(put: (key: string) => Promise<void> = async () => {}): { archive: CtrArchive; keys: string[] } {
  const keys: string[] = [];
  const store = {
    put: async (key: string) => {
      keys.push(key);
      await put(key);
    },
  };
  const archive = { store } as unknown as CtrArchive;
  return { archive, keys };
}

// Error branches only, with stub inputs; the whole path runs over HTTP in tests/integration/lambda/auditHandler.test.ts.
describe('audit handler: error branches', () => {
  for (const input of ['archive', 'voiceCalls'] as const) {
    test(`a failing ${input} input fails the run, emits AuditFailures and logs the input, storing nothing`, async () => {
      // Prepare
      const metrics = recordingMetrics();
      const logger = recordingLogger();
      const { archive, keys } = stubArchive();
      const handler = createAuditHandler({
        schedule: SCHEDULE,
        connectContacts: () => none(),
        reads: async () => ({
          archive,
          archivedContacts: () => (input === 'archive' ? failing('S3 down') : none()),
          voiceCalls: () => (input === 'voiceCalls' ? failing('SOQL refused') : none()),
        }),
        logger,
        metrics,
        now: NOW,
      });

      // Act + Assess
      await assert.rejects(handler(undefined, lambdaContext()), (e: unknown) => e instanceof AuditInputError && e.input === input);
      assert.equal(metrics.totals.AuditFailures, 1);
      assert.equal(metrics.totals.ContactsMissingFromArchive, undefined);
      assert.equal(logger.entries.find((e) => e.level === 'error')?.extra.input, input);
      assert.deepEqual(keys, []);
    });
  }

  test('a settings load failure (secrets) is reported as input "settings" and retried by the next run', async () => {
    const metrics = recordingMetrics();
    const logger = recordingLogger();
    const handler = createAuditHandler({
      schedule: SCHEDULE,
      connectContacts: () => none(),
      reads: async () => Promise.reject(new Error('secrets unavailable')),
      logger,
      metrics,
      now: NOW,
    });
    await assert.rejects(handler(undefined, lambdaContext()), /secrets unavailable/);
    assert.equal(metrics.totals.AuditFailures, 1);
    assert.equal(logger.entries.find((e) => e.level === 'error')?.extra.input, 'settings');
  });

  test('a report that cannot be stored fails the run after the day was counted', async () => {
    const metrics = recordingMetrics();
    const { archive, keys } = stubArchive(async () => Promise.reject(new Error('PutObject denied')));
    const handler = createAuditHandler({
      schedule: SCHEDULE,
      connectContacts: () => none(),
      reads: async () => ({ archive, archivedContacts: () => none(), voiceCalls: () => none() }),
      logger: recordingLogger(),
      metrics,
      now: NOW,
      runId: () => 'r1',
    });
    await assert.rejects(handler(undefined, lambdaContext()), /PutObject denied/);
    assert.deepEqual(keys, ['reports/audit/2026-11-20/r1.json']);
    assert.equal(metrics.totals.ContactsMissingFromArchive, 0);
  });

  test('a bad event window is refused before anything is read', async () => {
    let reads = 0;
    const handler = createAuditHandler({
      schedule: SCHEDULE,
      connectContacts: () => none(),
      reads: async () => {
        reads += 1;
        return { ...stubArchive(), archivedContacts: () => none(), voiceCalls: () => none() };
      },
      logger: recordingLogger(),
      metrics: recordingMetrics(),
      now: NOW,
    });
    await assert.rejects(handler({ since: 'yesterday' }, lambdaContext()), { code: 'CONFIG_ERROR' });
    assert.equal(reads, 0);
  });
});
