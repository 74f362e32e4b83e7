import type { RawValue } from './columns.ts';
import { renderRecord, renderStoredRecord, type RenderedRecord } from './renderVoiceCall.ts';
import { salesforceId } from './salesforceId.ts';
import type { FieldDef } from './voiceCallSchema.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/** Salesforce's documented batch sizes (Sforce-Query-Options: batchSize). */
const QUERY_BATCH = { default: 2000, min: 200, max: 2000 } as const;
const LOCATOR_PREFIX = '0r8';
const LOCATOR_PATTERN = /^(0r8[0-9A-Za-z]{15})(?:-(\d{1,10}))?$/;

/** One page of a query, shaped as the REST API returns it. */
interface QueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: RenderedRecord[];
}

/** The rows after the first batch, with their values copied at query time. */
interface Cursor {
  readonly id: string;
  readonly fields: readonly FieldDef[];
  readonly total: number;
  /** Offset of the cursor's first row in the whole result. */
  readonly base: number;
  readonly idAt: (i: number) => string;
  readonly values: readonly ((i: number) => RawValue)[];
  readonly expiresAt: number;
}

/**
 * Server-side query cursors. A query's result set is a snapshot: the first batch is rendered at
 * once, the rest is copied column by column (values as of query time) and served by locator
 * (`<0r8 Id>-<offset>`) until the cursor expires or is evicted as the oldest.
 */
class QueryCursors {
  readonly #store: VoiceCallStore;
  readonly #pod: string;
  readonly #cursors = new Map<string, Cursor>();
  #counter = 0;

  public constructor(store: VoiceCallStore, pod: string) {
    this.#store = store;
    this.#pod = pod;
  }

  /** Open cursors. */
  public get size(): number {
    return this.#cursors.size;
  }

  /**
   * Answers a query: the first page, and a cursor for the rest.
   *
   * @param rows - result rows in order
   * @param options.now - current time (ms); `ttlMs` and `maxOpen` bound the cursor
   */
  public firstPage(
    apiVersion: string,
    fields: readonly FieldDef[],
    rows: Int32Array,
    batchSize: number,
    options: { now: number; ttlMs: number; maxOpen: number },
  ): QueryPage {
    const store = this.#store;
    const first = Math.min(batchSize, rows.length);
    const records: RenderedRecord[] = [];
    for (let i = 0; i < first; i += 1) records.push(renderStoredRecord(store, apiVersion, rows[i] as number, fields));
    if (first === rows.length) return { totalSize: rows.length, done: true, records };
    const rest = rows.subarray(first);
    const values = fields.map((def) => (def.type === 'id' ? () => null : (store.column(def.name)?.snapshot(rest) ?? (() => null))));
    this.sweep(options.now);
    this.#counter += 1;
    const id = salesforceId(LOCATOR_PREFIX, this.#pod, 62 ** 5 + this.#counter);
    const restCopy = rest.slice();
    this.#cursors.set(id, {
      id,
      fields,
      total: rows.length,
      base: first,
      idAt: (i) => store.idOf(restCopy[i] as number),
      values,
      expiresAt: options.now + options.ttlMs,
    });
    while (this.#cursors.size > options.maxOpen) this.#cursors.delete(this.#cursors.keys().next().value as string);
    return { totalSize: rows.length, done: false, nextRecordsUrl: `/services/data/${apiVersion}/query/${id}-${first}`, records };
  }

  /**
   * The page at a locator (`<id>-<offset>`).
   *
   * @returns the page, or `undefined` for an unknown, expired or out-of-range locator
   */
  public page(apiVersion: string, locator: string, batchSize: number, now: number): QueryPage | undefined {
    const m = LOCATOR_PATTERN.exec(locator);
    const cursor = m === null ? undefined : this.#cursors.get(m[1] as string);
    if (m === null || cursor === undefined) return undefined;
    if (cursor.expiresAt <= now) {
      this.#cursors.delete(cursor.id);
      return undefined;
    }
    const offset = m[2] === undefined ? cursor.base : Number(m[2]);
    if (offset < cursor.base || offset >= cursor.total) return undefined;
    const end = Math.min(cursor.total, offset + batchSize);
    const records: RenderedRecord[] = [];
    for (let at = offset; at < end; at += 1) {
      const i = at - cursor.base;
      records.push(renderRecord(apiVersion, cursor.fields, cursor.idAt(i), (f) => (cursor.values[f] as (i: number) => RawValue)(i)));
    }
    const done = end >= cursor.total;
    return done
      ? { totalSize: cursor.total, done, records }
      : { totalSize: cursor.total, done, nextRecordsUrl: `/services/data/${apiVersion}/query/${cursor.id}-${end}`, records };
  }

  /** Drops expired cursors. */
  public sweep(now: number): void {
    for (const [id, cursor] of this.#cursors) if (cursor.expiresAt <= now) this.#cursors.delete(id);
  }
}

/**
 * The batch size asked for in `Sforce-Query-Options: batchSize=N`, clamped to 200..2000;
 * 2000 when absent or unreadable.
 */
function batchSizeFrom(header: string | string[] | undefined): number {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const m = /(?:^|[,;\s])batchSize\s*=\s*(\d+)/i.exec(text);
  if (m === null) return QUERY_BATCH.default;
  return Math.min(QUERY_BATCH.max, Math.max(QUERY_BATCH.min, Number(m[1])));
}

export { batchSizeFrom, QUERY_BATCH, QueryCursors };
export type { QueryPage };
