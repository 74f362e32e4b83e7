import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CtrArchive } from '../../../src/archive/CtrArchive.ts';
import { createArchiveHandler, DEFAULT_HANDLER_CONCURRENCY } from '../../../src/lambda/createArchiveHandler.ts';
import type { ArchiveObjectInfo, ArchiveStore, PutOptions, PutOutcome } from '../../../src/ports/ArchiveStore.ts';
import { ctrFactory, kinesisEventFactory, lambdaContext } from '../../helpers/factories.ts';

/** An enforcing in-memory store that measures how many writes are in flight at once. */
class InFlightStore implements ArchiveStore {
  public readonly location = 'memory://in-flight/';
  public readonly ifAbsentSupport = 'enforced';
  public readonly objects = new Map<string, Buffer>();
  public inFlight = 0;
  public maxInFlight = 0;

  public async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutOutcome> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    if (options?.ifAbsent && this.objects.has(key)) return 'exists';
    this.objects.set(key, Buffer.from(body));
    return 'written';
  }

  public async get(key: string): Promise<Buffer> {
    return this.objects.get(key) ?? Buffer.alloc(0);
  }

  public async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  public async *list(): AsyncIterable<ArchiveObjectInfo> {
    // not used
  }
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const metrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined };
const event = (n: number) => kinesisEventFactory(Array.from({ length: n }, () => JSON.stringify(ctrFactory())));

test('the handler archives at most `concurrency` records at once (two requests each), however large the batch', async () => {
  // Prepare
  const store = new InFlightStore();
  const handler = createArchiveHandler({ archive: new CtrArchive(store), logger: quiet, metrics, concurrency: 4 });

  // Act
  const response = await handler(event(60), lambdaContext());

  // Assess
  assert.deepEqual(response.batchItemFailures, []);
  assert.equal(store.objects.size, 120, '60 versions and 60 index entries');
  assert.equal(store.maxInFlight, 8);
});

test('by default the handler keeps 64 records in flight', async () => {
  const store = new InFlightStore();
  const handler = createArchiveHandler({ archive: new CtrArchive(store), logger: quiet, metrics });
  await handler(event(300), lambdaContext());
  assert.equal(DEFAULT_HANDLER_CONCURRENCY, 64);
  assert.equal(store.maxInFlight, 2 * DEFAULT_HANDLER_CONCURRENCY);
});
