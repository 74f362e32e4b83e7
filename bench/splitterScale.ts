/**
 * Shows that the record splitter is linear in time and bounded in memory on input without
 * newlines: Firehose-style concatenated CTRs (one stray comma after the first), and one unbroken
 * run of garbage, at 10, 20, 40 and 80 MB, each size in its own process so peak RSS is its own.
 * Input is generated and fed in 64 KiB chunks; it is never held whole.
 *
 *   node --import tsx bench/splitterScale.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JsonRecordSplitter } from '../src/importing/JsonRecordSplitter.ts';

const MB = 1_000_000;
const CHUNK = 64 * 1024;

function runOne(kind: 'firehose' | 'garbage', bytes: number): { seconds: number; records: number; fragments: number; maxRssMiB: number } {
  const record = Buffer.from(
    JSON.stringify({
      ContactId: 'c0ffee00-0000-4000-8000-000000000001',
      LastUpdateTimestamp: '2026-11-20T10:06:00Z',
      Attributes: { note: 'x'.repeat(3000), tricky: '}{"\\' },
    }),
  );
  const unit = kind === 'firehose' ? record : Buffer.alloc(CHUNK, 0x61);
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(CHUNK / unit.length) + 1 }, () => unit));
  const splitter = new JsonRecordSplitter();
  let records = 0;
  let fragments = 0;
  const count = (items: ReturnType<JsonRecordSplitter['push']>) => {
    for (const item of items)
      if (item.kind === 'record') records += 1;
      else fragments += 1;
  };
  const started = process.hrtime.bigint();
  if (kind === 'firehose') count(splitter.push(Buffer.concat([record, Buffer.from(',')])));
  for (let fed = 0; fed < bytes; fed += chunk.length) count(splitter.push(chunk));
  count(splitter.end());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, records, fragments, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

if (process.argv[2] === '--one') {
  process.stdout.write(JSON.stringify(runOne(process.argv[3] as 'firehose' | 'garbage', Number(process.argv[4]))));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log('kind       MB   seconds   MB/s  records  fragments  peak RSS MiB');
  for (const kind of ['firehose', 'garbage'] as const) {
    for (const size of [10, 20, 40, 80]) {
      const r = JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', self, '--one', kind, String(size * MB)], { encoding: 'utf8' }),
      ) as ReturnType<typeof runOne>;
      console.log(
        `${kind.padEnd(9)}${String(size).padStart(4)}${r.seconds.toFixed(2).padStart(10)}${(size / r.seconds).toFixed(0).padStart(7)}${String(r.records).padStart(9)}${String(r.fragments).padStart(11)}${r.maxRssMiB.toFixed(0).padStart(14)}`,
      );
    }
  }
}
