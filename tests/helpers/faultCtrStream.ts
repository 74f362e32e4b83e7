import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import { generateContactCenterDay, SeededRandom } from './simulatorPackage.ts';

/** One record on the stream, with what the test knows about it. */
interface StreamItem {
  readonly raw: string;
  /** ContactId (the partition key); a placeholder for malformed records. */
  readonly partitionKey: string;
  readonly kind: 'first' | 'later-version' | 'exact-duplicate' | 'malformed';
}

/** A generated CTR stream for the capture fault test. */
interface FaultCtrStream {
  readonly items: readonly StreamItem[];
  readonly counts: {
    readonly records: number;
    readonly contacts: number;
    readonly laterVersions: number;
    readonly laterBeforeFirst: number;
    readonly exactDuplicates: number;
    readonly malformed: number;
  };
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * `records` CTR stream records: first versions of a realistic day's contacts (every channel and
 * kind), 10% of contacts again with a later LastUpdateTimestamp (a third of those delivered before
 * the first version, as a retried producer or a shard replay can do), 5% exact byte-for-byte
 * duplicates of earlier records, and `malformed` records, all in a seeded order.
 */
function faultCtrStream(options: {
  readonly records: number;
  readonly seed: number;
  readonly malformed: number;
  readonly day: string;
}): FaultCtrStream {
  const random = new SeededRandom(options.seed);
  const exactDuplicates = Math.round(options.records * 0.05);
  const versions = options.records - exactDuplicates - options.malformed;
  const contacts = Math.round(versions / 1.1);
  const laterVersions = versions - contacts;
  const day = generateContactCenterDay({
    day: options.day,
    records: contacts + options.malformed,
    seed: options.seed,
    redeliveryRate: 0,
    malformed: options.malformed,
    neverArchived: 0,
  });
  const firsts = day.records.filter((r) => r.kind !== 'malformed');
  const malformed = day.records.filter((r) => r.kind === 'malformed');
  if (firsts.length !== contacts) throw new Error(`expected ${contacts} contacts, generated ${firsts.length}`);

  const placed: { item: StreamItem; at: number }[] = firsts.map((r, i) => ({
    item: { raw: r.raw, partitionKey: r.contactId as string, kind: 'first' },
    at: i,
  }));
  const picked = new Set<number>();
  let laterBeforeFirst = 0;
  while (picked.size < laterVersions) picked.add(random.int(0, contacts - 1));
  for (const index of [...picked].sort((a, b) => a - b)) {
    const ctr = JSON.parse((firsts[index] as { raw: string }).raw) as ContactTraceRecord;
    const later: ContactTraceRecord = {
      ...ctr,
      Agent: ctr.Agent
        ? {
            ...ctr.Agent,
            CustomerHoldDuration: (ctr.Agent.CustomerHoldDuration ?? 0) + random.int(1, 30),
            NumberOfHolds: (ctr.Agent.NumberOfHolds ?? 0) + 1,
          }
        : ctr.Agent,
      Attributes: { ...ctr.Attributes, survey: 'completed' },
      LastUpdateTimestamp: iso(Date.parse(ctr.LastUpdateTimestamp as string) + random.int(600, 6 * 3600) * 1000),
    };
    const before = random.chance(1 / 3);
    if (before) laterBeforeFirst += 1;
    const at = before ? index - 0.5 - random.next() * Math.min(index, 200) : index + 0.5 + random.next() * (contacts - index);
    placed.push({ item: { raw: JSON.stringify(later), partitionKey: ctr.ContactId as string, kind: 'later-version' }, at });
  }
  const originals = [...placed];
  for (let i = 0; i < exactDuplicates; i += 1) {
    const copy = originals[random.int(0, originals.length - 1)] as { item: StreamItem; at: number };
    placed.push({ item: { ...copy.item, kind: 'exact-duplicate' }, at: copy.at + 0.25 + random.next() * (contacts - copy.at) });
  }
  for (const [i, r] of malformed.entries())
    placed.push({ item: { raw: r.raw, partitionKey: `malformed-${i}`, kind: 'malformed' }, at: random.next() * contacts });
  placed.sort((a, b) => a.at - b.at);
  return {
    items: placed.map((p) => p.item),
    counts: { records: placed.length, contacts, laterVersions, laterBeforeFirst, exactDuplicates, malformed: malformed.length },
  };
}

export { faultCtrStream };
export type { FaultCtrStream, StreamItem };
