/**
 * One scenario of bench/capture.ts, run in its own process so its peak RSS and CPU are its own:
 * the archive Lambda's handler on one Kinesis event, or `archive import` of NDJSON files, into S3
 * at `endpoint` (the latency proxy), with the code of `tree` (this checkout's `src/`, or an older
 * commit's extracted by bench/capture.ts). Prints one JSON line.
 *
 *   node --import tsx bench/captureScenario.ts '<json of ScenarioInput>'
 */
import { pathToFileURL } from 'node:url';
import { kinesisEventFactory, lambdaContext } from '../tests/helpers/factories.ts';
import { benchCtr } from './benchCtr.ts';

/** What the parent asks for. */
interface ScenarioInput {
  /** Folder holding the `src/` to run (absolute). */
  readonly tree: string;
  readonly kind: 'handler' | 'import';
  readonly endpoint: string;
  readonly bucket: string;
  readonly prefix: string;
  /** Writes in flight; undefined: the tree's own default. */
  readonly concurrency?: number;
  /** S3 sockets; undefined: the SDK's default (50). */
  readonly maxSockets?: number;
  /** Handler: records in the one event. */
  readonly records?: number;
  /** Import: the folder of NDJSON files. */
  readonly inputDir?: string;
}

/** What it reports. */
interface ScenarioOutput {
  readonly seconds: number;
  readonly stored: number;
  readonly duplicate: number;
  readonly failed: number;
  readonly socketWarnings: number;
  /** Largest "N additional requests are enqueued" the SDK warned about. */
  readonly maxEnqueued: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  /** What the archive learnt about write-if-absent (undefined in trees that do not learn it). */
  readonly ifAbsentMode?: string;
}

async function run(input: ScenarioInput): Promise<ScenarioOutput> {
  const src = (path: string) => import(pathToFileURL(`${input.tree}/src/${path}`).href);
  const { openArchive } = await src('config/archiveLocation.ts');
  let socketWarnings = 0;
  let maxEnqueued = 0;
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    const m = /socket usage at capacity=\d+ and (\d+) additional requests are enqueued/.exec(text);
    if (m) {
      socketWarnings += 1;
      maxEnqueued = Math.max(maxEnqueued, Number(m[1]));
      return;
    }
    warn(...args);
  };
  const archive = openArchive(
    { kind: 's3', bucket: input.bucket, prefix: input.prefix },
    {
      forcePathStyle: true,
      ...(input.maxSockets !== undefined ? { maxSockets: input.maxSockets } : {}),
      s3ClientConfig: { endpoint: input.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
    },
  );
  const cpu0 = process.cpuUsage();
  let started: bigint;
  let counts: { stored: number; duplicate: number; failed: number };
  if (input.kind === 'handler') {
    const { createArchiveHandler } = await src('lambda/createArchiveHandler.ts');
    const counted = { archived: 0, duplicate: 0, failed: 0 };
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const metrics = {
      addMetric: (name: string, _unit: string, value: number) => {
        if (name === 'ArchivedCtrs') counted.archived += value;
        if (name === 'DuplicateCtrs') counted.duplicate += value;
        if (name === 'FailedRecords') counted.failed += value;
      },
      publishStoredMetrics: () => undefined,
    };
    const handler = createArchiveHandler({
      archive,
      logger: quiet,
      metrics,
      ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
    });
    const event = kinesisEventFactory(Array.from({ length: input.records ?? 10_000 }, (_, i) => benchCtr(i)));
    started = process.hrtime.bigint();
    await handler(event, lambdaContext());
    counts = { stored: counted.archived, duplicate: counted.duplicate, failed: counted.failed };
  } else {
    const { importCtrFiles } = await src('importing/importCtrFiles.ts');
    started = process.hrtime.bigint();
    const summary = await importCtrFiles(archive, [input.inputDir], input.concurrency !== undefined ? { concurrency: input.concurrency } : {});
    counts = { stored: summary.stored, duplicate: summary.duplicate, failed: summary.failed };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const mode = (archive as { ifAbsentMode?: string }).ifAbsentMode;
  return {
    seconds,
    ...counts,
    socketWarnings,
    maxEnqueued,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    ...(mode !== undefined ? { ifAbsentMode: mode } : {}),
  };
}

if (process.argv[2]) {
  const output = await run(JSON.parse(process.argv[2]) as ScenarioInput);
  process.stdout.write(`${JSON.stringify(output)}\n`);
  process.exit(0);
}

export type { ScenarioInput, ScenarioOutput };
