import { DictColumn, NumberColumn } from '../columns.ts';
import type { FieldDef } from '../voiceCallSchema.ts';
import type { VoiceCallStore } from '../VoiceCallStore.ts';
import type { CompiledQuery } from './compileSoql.ts';

type SortKey = { readonly numbers: Float64Array } | { readonly texts: (string | null)[] };

function sortKey(store: VoiceCallStore, def: FieldDef, rows: Int32Array): SortKey {
  if (def.type === 'id') return { numbers: Float64Array.from(rows) };
  const column = store.column(def.name);
  if (column instanceof NumberColumn) {
    const numbers = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i += 1) {
      const v = column.values[rows[i] as number] as number;
      numbers[i] = def.type === 'boolean' && Number.isNaN(v) ? 0 : v;
    }
    return { numbers };
  }
  const lowered = column instanceof DictColumn ? column.dict.map((s) => s.toLowerCase()) : undefined;
  const texts = new Array<string | null>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as number;
    if (column instanceof DictColumn) {
      const code = column.codes[row] as number;
      texts[i] = code < 0 ? null : (lowered?.[code] ?? null);
    } else {
      const v = column?.get(row) ?? null;
      texts[i] = v === null ? null : String(v).toLowerCase();
    }
  }
  return { texts };
}

/** ORDER BY: nulls first unless NULLS LAST (in either direction, as documented), text without case, ties by Id. */
function sortRows(store: VoiceCallStore, query: CompiledQuery, rows: Int32Array): Int32Array {
  const keys = query.orderBy.map((o) => ({ key: sortKey(store, o.def, rows), descending: o.descending, nullsLast: o.nullsLast }));
  const order = new Uint32Array(rows.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  order.sort((i, j) => {
    for (const { key, descending, nullsLast } of keys) {
      const a = 'numbers' in key ? key.numbers[i] : key.texts[i];
      const b = 'numbers' in key ? key.numbers[j] : key.texts[j];
      const aNull = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
      const bNull = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
      if (aNull && bNull) continue;
      if (aNull) return nullsLast ? 1 : -1;
      if (bNull) return nullsLast ? -1 : 1;
      const cmp = (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
      if (cmp !== 0) return descending ? -cmp : cmp;
    }
    return (rows[i] as number) - (rows[j] as number);
  });
  const sorted = new Int32Array(rows.length);
  for (let i = 0; i < order.length; i += 1) sorted[i] = rows[order[i] as number] as number;
  return sorted;
}

/** True when the start-time index already yields rows in the requested order. */
function indexOrderSuffices(query: CompiledQuery): boolean {
  const [first, second, ...rest] = query.orderBy;
  if (first === undefined || first.def.name !== 'CallStartDateTime' || first.descending || rest.length > 0) return false;
  return second === undefined || (second.def.name === 'Id' && !second.descending);
}

/**
 * Runs a compiled query over the store.
 *
 * @returns the matching rows in result order, LIMIT applied
 */
function executeSoql(store: VoiceCallStore, query: CompiledQuery): Int32Array {
  const plan = query.plan;
  const presorted = plan.kind === 'startRange' && indexOrderSuffices(query);
  const stopAt = query.orderBy.length === 0 || presorted ? (query.limit ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  const matches: number[] = [];
  const predicate = query.predicate;
  let fromTail = 0;
  const consider = (row: number): boolean => {
    if (predicate === undefined || predicate(row)) matches.push(row);
    return matches.length < stopAt;
  };
  if (plan.kind === 'scan') {
    for (let row = 0; row < store.size && consider(row); row += 1);
  } else if (plan.kind === 'rows') {
    for (const row of plan.rows) if (!consider(row)) break;
  } else {
    const { sorted, tail } = store.startIndex().range(plan.low, plan.high);
    let open = true;
    for (let i = 0; i < sorted.length && open; i += 1) open = consider(sorted[i] as number);
    const before = matches.length;
    for (let i = 0; i < tail.length && open; i += 1) open = consider(tail[i] as number);
    fromTail = matches.length - before;
  }
  let rows: Int32Array = Int32Array.from(matches);
  if (query.orderBy.length > 0 && !(presorted && fromTail === 0)) rows = sortRows(store, query, rows);
  return query.limit !== undefined && rows.length > query.limit ? rows.slice(0, query.limit) : rows;
}

export { executeSoql };
