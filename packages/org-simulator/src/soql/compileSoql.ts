import { DictColumn, NumberColumn, type RawValue } from '../columns.ts';
import { canonicalId } from '../salesforceId.ts';
import { parseIsoDate, parseIsoDateTime } from '../sfDateTime.ts';
import { type FieldDef, isNumericType, VOICE_CALL } from '../voiceCallSchema.ts';
import type { VoiceCallStore } from '../VoiceCallStore.ts';
import type { Comparison, Condition, FieldRef, Literal, SoqlQuery } from './parseSoql.ts';
import { soqlError } from './soqlError.ts';
import { decodeSoqlString } from './soqlLexer.ts';

type Predicate = (row: number) => boolean;

/** Where a query's candidate rows come from before the WHERE clause is applied. */
type Plan =
  | { readonly kind: 'scan' }
  | { readonly kind: 'rows'; readonly rows: readonly number[] }
  | { readonly kind: 'startRange'; readonly low: { value: number; exclusive: boolean }; readonly high: { value: number; exclusive: boolean } };

/** A query checked against the schema and turned into executable parts. */
interface CompiledQuery {
  readonly fields: readonly FieldDef[];
  readonly predicate: Predicate | undefined;
  readonly plan: Plan;
  readonly orderBy: readonly { readonly def: FieldDef; readonly descending: boolean; readonly nullsLast: boolean }[];
  readonly limit: number | undefined;
}

/** A literal checked against a field: a number (dateTime/date in ms), lower-cased text, a row, or null. */
type Operand = number | string | null;

const TYPE_WORD: Readonly<Record<string, string>> = { datetime: 'dateTime', date: 'date', int: 'integer', double: 'double', boolean: 'boolean' };

class Compiler {
  readonly #store: VoiceCallStore;
  readonly #q: SoqlQuery;

  public constructor(store: VoiceCallStore, query: SoqlQuery) {
    this.#store = store;
    this.#q = query;
  }

  #error(code: string, pos: number, reason: string): Error {
    return soqlError(code, this.#q.text, pos, reason);
  }

  #resolve(ref: FieldRef): FieldDef {
    const def = this.#store.field(ref.name);
    if (def === undefined) {
      throw this.#error(
        'INVALID_FIELD',
        ref.pos,
        `No such column '${ref.name}' on entity '${VOICE_CALL}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return def;
  }

  public compile(): CompiledQuery {
    const q = this.#q;
    if (q.object.name.toLowerCase() !== VOICE_CALL.toLowerCase()) {
      throw this.#error(
        'INVALID_TYPE',
        q.object.pos,
        `sObject type '${q.object.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const fields: FieldDef[] = [];
    for (const ref of q.fields) {
      const def = this.#resolve(ref);
      if (fields.includes(def)) throw this.#error('MALFORMED_QUERY', ref.pos, `duplicate field selected: ${def.name}`);
      fields.push(def);
    }
    const orderBy = q.orderBy.map((item) => {
      const def = this.#resolve(item.field);
      if (def.type === 'textarea') throw this.#error('INVALID_FIELD', item.field.pos, `field '${def.name}' can not be sorted in a query call`);
      return { def, descending: item.descending, nullsLast: item.nullsLast };
    });
    const predicate = q.where === undefined ? undefined : this.#condition(q.where);
    return { fields, predicate, plan: this.#plan(q.where), orderBy, limit: q.limit };
  }

  #condition(c: Condition): Predicate {
    if (c.kind === 'not') {
      const inner = this.#condition(c.item);
      return (row) => !inner(row);
    }
    if (c.kind === 'cmp') return this.#comparison(c);
    const parts = c.items.map((item) => this.#condition(item));
    return c.kind === 'and' ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
  }

  /** Checks a literal against a field's type and converts it to the stored representation. */
  #operand(def: FieldDef, lit: Literal, cmp: Comparison): Operand {
    const expected = (quoted: boolean): Error =>
      this.#error(
        'INVALID_QUERY_FILTER_OPERATOR',
        lit.pos,
        `value of filter criterion for field '${def.name}' must be of type ${TYPE_WORD[def.type] ?? 'string'} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
      );
    if (lit.kind === 'null') {
      if (cmp.op !== '=' && cmp.op !== '!=' && cmp.op !== 'IN' && cmp.op !== 'NOT IN')
        throw this.#error('INVALID_QUERY_FILTER_OPERATOR', cmp.pos, 'invalid operator on null');
      // Documented: on a boolean field, null matches false.
      return def.type === 'boolean' ? 0 : null;
    }
    if (def.type === 'id') {
      if (lit.kind !== 'string') throw expected(true);
      const text = this.#decode(lit.raw, lit.pos);
      if (canonicalId(text) === undefined) throw this.#error('INVALID_QUERY_FILTER_OPERATOR', lit.pos, `invalid ID field: ${text}`);
      return this.#store.rowOfId(text) ?? -1;
    }
    if (isNumericType(def.type)) {
      if (def.type === 'boolean') {
        if (lit.kind !== 'boolean') throw expected(false);
        return lit.value ? 1 : 0;
      }
      const wanted = def.type === 'datetime' || def.type === 'date' ? def.type : 'number';
      if (lit.kind !== wanted) throw expected(false);
      const value = lit.kind === 'datetime' ? parseIsoDateTime(lit.text) : lit.kind === 'date' ? parseIsoDate(lit.text) : Number(lit.text);
      if (value === undefined || Number.isNaN(value))
        throw this.#error('MALFORMED_QUERY', lit.pos, `line 1:${lit.pos + 1} no viable alternative at character '${lit.text}'`);
      return value;
    }
    if (lit.kind !== 'string') throw expected(true);
    return this.#decode(lit.raw, lit.pos).toLowerCase();
  }

  #decode(raw: string, pos: number): string {
    return decodeSoqlString(raw, false, (reason) => this.#error('MALFORMED_QUERY', pos, reason))
      .map((p) => ('literal' in p ? p.literal : ''))
      .join('');
  }

  #comparison(cmp: Comparison): Predicate {
    const def = this.#resolve(cmp.field);
    if (def.type === 'textarea') throw this.#error('INVALID_FIELD', cmp.field.pos, `field '${def.name}' can not be filtered in a query call`);
    if (cmp.op === 'LIKE') return this.#like(def, cmp);
    const ordered = cmp.op === '<' || cmp.op === '<=' || cmp.op === '>' || cmp.op === '>=';
    if (ordered && (def.type === 'boolean' || def.type === 'id'))
      throw this.#error('INVALID_QUERY_FILTER_OPERATOR', cmp.pos, `invalid operator on ${def.type === 'id' ? 'id' : 'boolean'} field '${def.name}'`);
    const operands = cmp.values.map((lit) => this.#operand(def, lit, cmp));
    const read = this.#reader(def);
    const isNull = (v: Operand): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));
    const test = (value: Operand, operand: Operand): boolean => {
      if (operand === null) return isNull(value);
      if (isNull(value)) return false;
      return value === operand;
    };
    const compare = (value: Operand): number => {
      const operand = operands[0] as string | number;
      return (value as string | number) < operand ? -1 : (value as string | number) > operand ? 1 : 0;
    };
    switch (cmp.op) {
      case '=':
        return (row) => test(read(row), operands[0] ?? null);
      case '!=':
        return (row) => !test(read(row), operands[0] ?? null);
      case 'IN':
        return (row) => {
          const v = read(row);
          return operands.some((o) => test(v, o));
        };
      case 'NOT IN':
        return (row) => {
          const v = read(row);
          return !operands.some((o) => test(v, o));
        };
      default: {
        const accept =
          cmp.op === '<'
            ? (d: number) => d < 0
            : cmp.op === '<='
              ? (d: number) => d <= 0
              : cmp.op === '>'
                ? (d: number) => d > 0
                : (d: number) => d >= 0;
        return (row) => {
          const v = read(row);
          return !isNull(v) && accept(compare(v));
        };
      }
    }
  }

  /** Reads a row's value as an Operand: numbers as stored, text lower-cased, Id as the row. */
  #reader(def: FieldDef): (row: number) => Operand {
    if (def.type === 'id') return (row) => row;
    const column = this.#store.column(def.name);
    if (column instanceof NumberColumn) {
      const values = column.values;
      if (def.type === 'boolean') return (row) => (Number.isNaN(values[row] as number) ? 0 : (values[row] as number));
      return (row) => values[row] as number;
    }
    if (column instanceof DictColumn) {
      const lowered = column.dict.map((s) => s.toLowerCase());
      const codes = column.codes;
      return (row) => {
        const code = codes[row] as number;
        return code < 0 ? null : (lowered[code] as string);
      };
    }
    return (row) => {
      const v: RawValue = column?.get(row) ?? null;
      return v === null ? null : String(v).toLowerCase();
    };
  }

  #like(def: FieldDef, cmp: Comparison): Predicate {
    const lit = cmp.values[0] as Literal;
    if (isNumericType(def.type) || def.type === 'id')
      throw this.#error('INVALID_QUERY_FILTER_OPERATOR', cmp.pos, `invalid operator on field '${def.name}': LIKE applies to text fields`);
    if (lit.kind !== 'string')
      throw this.#error(
        'INVALID_QUERY_FILTER_OPERATOR',
        lit.pos,
        `value of filter criterion for field '${def.name}' must be of type string and should be enclosed in quotes`,
      );
    const pieces = decodeSoqlString(lit.raw, true, (reason) => this.#error('MALFORMED_QUERY', lit.pos, reason));
    const source = pieces
      .map((p) => ('literal' in p ? p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.wildcard === '%' ? '[\\s\\S]*' : '[\\s\\S]'))
      .join('');
    const re = new RegExp(`^${source}$`, 'i');
    const read = this.#reader(def);
    return (row) => {
      const v = read(row);
      return typeof v === 'string' && re.test(v);
    };
  }

  /** Picks an index when the WHERE clause is a conjunction with an Id, VendorCallKey or start-time filter. */
  #plan(where: Condition | undefined): Plan {
    const conjuncts = where === undefined ? [] : where.kind === 'and' ? where.items : [where];
    const cmps = conjuncts.filter((c): c is Comparison => c.kind === 'cmp');
    for (const name of ['Id', 'VendorCallKey']) {
      const hit = cmps.find(
        (c) => this.#store.field(c.field.name)?.name === name && (c.op === '=' || c.op === 'IN') && c.values.every((v) => v.kind === 'string'),
      );
      if (hit === undefined) continue;
      const keys = hit.values.map((v) => this.#decode((v as { raw: string }).raw, v.pos));
      const rows = new Set<number>();
      for (const key of keys) {
        if (name === 'Id') {
          const row = this.#store.rowOfId(key);
          if (row !== undefined) rows.add(row);
        } else for (const row of this.#store.rowsByVendorKey(key)) rows.add(row);
      }
      return { kind: 'rows', rows: [...rows].sort((a, b) => a - b) };
    }
    const low = { value: Number.NEGATIVE_INFINITY, exclusive: false };
    const high = { value: Number.POSITIVE_INFINITY, exclusive: false };
    let bounded = false;
    for (const c of cmps) {
      const lit = c.values[0];
      if (this.#store.field(c.field.name)?.name !== 'CallStartDateTime' || lit?.kind !== 'datetime') continue;
      const value = parseIsoDateTime(lit.text);
      if (value === undefined) continue;
      if (c.op === '>' || c.op === '>=' || c.op === '=') {
        if (value > low.value || (value === low.value && c.op === '>')) Object.assign(low, { value, exclusive: c.op === '>' });
        bounded = true;
      }
      if (c.op === '<' || c.op === '<=' || c.op === '=') {
        if (value < high.value || (value === high.value && c.op === '<')) Object.assign(high, { value, exclusive: c.op === '<' });
        bounded = true;
      }
    }
    return bounded ? { kind: 'startRange', low, high } : { kind: 'scan' };
  }
}

/**
 * Checks a parsed query against the VoiceCall schema and compiles it.
 *
 * @throws SimulatorApiError (400) INVALID_TYPE, INVALID_FIELD, INVALID_QUERY_FILTER_OPERATOR or MALFORMED_QUERY
 */
function compileSoql(store: VoiceCallStore, query: SoqlQuery): CompiledQuery {
  return new Compiler(store, query).compile();
}

export { compileSoql };
export type { CompiledQuery, Plan, Predicate };
