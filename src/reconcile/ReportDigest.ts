import { type RecordResult, UNSUCCESSFUL } from './ReconcileReport.ts';

/** How many unsuccessful records a digest keeps to name in the summary. */
const DIGEST_PROBLEMS = 20;

/**
 * What the human summary needs from the records, counted as they stream by (memory bounded):
 * excluded candidates per SCV rule, the first {@link DIGEST_PROBLEMS} unsuccessful records, and how
 * many unsuccessful records there were in all.
 */
class ReportDigest {
  readonly excludedByRule = new Map<string, number>();
  readonly firstProblems: RecordResult[] = [];
  #problems = 0;

  /** A digest of records already held (a report that kept them). */
  public static of(records: Iterable<RecordResult>): ReportDigest {
    const digest = new ReportDigest();
    for (const record of records) digest.add(record);
    return digest;
  }

  /** Unsuccessful records seen (failed, unconfirmed, not landed). */
  public get problems(): number {
    return this.#problems;
  }

  /** Counts one record; pass it as (part of) `runReconcile`'s `onRecord`. */
  public add = (record: RecordResult): void => {
    if (record.outcome === 'excluded') {
      const rule = record.rule ?? '?';
      this.excludedByRule.set(rule, (this.excludedByRule.get(rule) ?? 0) + 1);
    }
    if (UNSUCCESSFUL.has(record.outcome)) {
      this.#problems += 1;
      if (this.firstProblems.length < DIGEST_PROBLEMS) this.firstProblems.push(record);
    }
  };
}

export { DIGEST_PROBLEMS, ReportDigest };
