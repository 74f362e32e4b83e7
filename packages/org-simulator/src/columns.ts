/**
 * Column storage for VoiceCall fields. A million records must fit well under 2 GiB, so values
 * are kept by column rather than as one object per record: numbers (dateTime as epoch ms) in
 * Float64Arrays with NaN for null, repetitive strings as dictionary codes, unique strings in
 * plain arrays, rarely-set fields in maps.
 */

/** A stored value: numbers (dateTime/date as epoch ms, boolean as 0/1), strings, or null. */
type RawValue = number | string | null;

/** One field's values, indexed by row. */
interface Column {
  get(row: number): RawValue;
  set(row: number, value: RawValue): void;
  /** Makes room for rows below `capacity`. */
  grow(capacity: number): void;
  /** Copies the values of `rows`, for a query snapshot. */
  snapshot(rows: Int32Array): (i: number) => RawValue;
}

class NumberColumn implements Column {
  public values: Float64Array;

  public constructor(capacity: number) {
    this.values = new Float64Array(capacity).fill(Number.NaN);
  }

  public get(row: number): RawValue {
    const v = this.values[row] ?? Number.NaN;
    return Number.isNaN(v) ? null : v;
  }

  public set(row: number, value: RawValue): void {
    this.values[row] = typeof value === 'number' ? value : Number.NaN;
  }

  public grow(capacity: number): void {
    if (capacity <= this.values.length) return;
    const next = new Float64Array(capacity).fill(Number.NaN);
    next.set(this.values);
    this.values = next;
  }

  public snapshot(rows: Int32Array): (i: number) => RawValue {
    const copy = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i += 1) copy[i] = this.values[rows[i] as number] as number;
    return (i) => {
      const v = copy[i] ?? Number.NaN;
      return Number.isNaN(v) ? null : v;
    };
  }
}

class DictColumn implements Column {
  public codes: Int32Array;
  public readonly dict: string[] = [];
  readonly #lookup = new Map<string, number>();

  public constructor(capacity: number) {
    this.codes = new Int32Array(capacity).fill(-1);
  }

  public get(row: number): RawValue {
    const code = this.codes[row] ?? -1;
    return code < 0 ? null : (this.dict[code] as string);
  }

  public set(row: number, value: RawValue): void {
    if (value === null) {
      this.codes[row] = -1;
      return;
    }
    const text = String(value);
    let code = this.#lookup.get(text);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(text);
      this.#lookup.set(text, code);
    }
    this.codes[row] = code;
  }

  public grow(capacity: number): void {
    if (capacity <= this.codes.length) return;
    const next = new Int32Array(capacity).fill(-1);
    next.set(this.codes);
    this.codes = next;
  }

  public snapshot(rows: Int32Array): (i: number) => RawValue {
    const copy = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i += 1) copy[i] = this.codes[rows[i] as number] as number;
    const dict = this.dict;
    return (i) => {
      const code = copy[i] ?? -1;
      return code < 0 ? null : (dict[code] as string);
    };
  }
}

class PlainColumn implements Column {
  public readonly values: (string | null)[] = [];

  public get(row: number): RawValue {
    return this.values[row] ?? null;
  }

  public set(row: number, value: RawValue): void {
    while (this.values.length < row) this.values.push(null);
    this.values[row] = value === null ? null : String(value);
  }

  public grow(): void {}

  public snapshot(rows: Int32Array): (i: number) => RawValue {
    const copy: (string | null)[] = new Array<string | null>(rows.length);
    for (let i = 0; i < rows.length; i += 1) copy[i] = this.values[rows[i] as number] ?? null;
    return (i) => copy[i] ?? null;
  }
}

class SparseColumn implements Column {
  public readonly values = new Map<number, string | number>();

  public get(row: number): RawValue {
    return this.values.get(row) ?? null;
  }

  public set(row: number, value: RawValue): void {
    if (value === null) this.values.delete(row);
    else this.values.set(row, value);
  }

  public grow(): void {}

  public snapshot(rows: Int32Array): (i: number) => RawValue {
    const copy = new Map<number, string | number>();
    for (let i = 0; i < rows.length; i += 1) {
      const v = this.values.get(rows[i] as number);
      if (v !== undefined) copy.set(i, v);
    }
    return (i) => copy.get(i) ?? null;
  }
}

export { DictColumn, NumberColumn, PlainColumn, SparseColumn };
export type { Column, RawValue };
