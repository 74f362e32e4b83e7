import { type Column, DictColumn, NumberColumn, PlainColumn, type RawValue, SparseColumn } from './columns.ts';
import { canonicalId, idCounter, salesforceId } from './salesforceId.ts';
import type { CustomFieldType } from './SimulatorConfig.ts';
import { StartTimeIndex } from './StartTimeIndex.ts';
import { VoiceCallRecordingStore } from './VoiceCallRecordingStore.ts';
import { customFieldDef, type FieldDef, STANDARD_FIELDS } from './voiceCallSchema.ts';

const INITIAL_CAPACITY = 1024;
/** First record counter, so Ids look like real ones (`0LQ5g00000...`) rather than all zeros. */
const ID_COUNTER_BASE = 62 ** 5 * 7;
const VOICE_CALL_PREFIX = '0LQ';

/** Field values to write, keyed by canonical field name; dateTime values as epoch ms. */
type FieldValues = Readonly<Record<string, RawValue>>;

/**
 * The simulated org's VoiceCall table: column storage, Ids derived from the row number (so they
 * cost no memory), an index on VendorCallKey (lower-cased, as SOQL compares text without case)
 * and an ordered index on CallStartDateTime.
 */
class VoiceCallStore {
  readonly #pod: string;
  readonly #fields: FieldDef[] = [];
  readonly #byLowerName = new Map<string, FieldDef>();
  readonly #columns = new Map<string, Column>();
  readonly #vendorIndex = new Map<string, number | number[]>();
  readonly #startIndex = new StartTimeIndex();
  #capacity = INITIAL_CAPACITY;
  #size = 0;
  /** The VoiceCallRecordings that VoiceCall.CallRecordingId points at. */
  public readonly recordings: VoiceCallRecordingStore;

  /** @param pod - the 2-character pod of the org Id, reused in record Ids */
  public constructor(pod: string) {
    this.#pod = pod;
    this.recordings = new VoiceCallRecordingStore(pod);
    for (const def of STANDARD_FIELDS) this.#addField(def);
  }

  #addField(def: FieldDef): void {
    this.#fields.push(def);
    this.#byLowerName.set(def.name.toLowerCase(), def);
    if (def.storage === 'number') this.#columns.set(def.name, new NumberColumn(this.#capacity));
    else if (def.storage === 'dict') this.#columns.set(def.name, new DictColumn(this.#capacity));
    else if (def.storage === 'plain') this.#columns.set(def.name, new PlainColumn());
    else if (def.storage === 'sparse') this.#columns.set(def.name, new SparseColumn());
  }

  /** Number of records. */
  public get size(): number {
    return this.#size;
  }

  /** All fields, standard first, then custom fields in declaration order. */
  public get fields(): readonly FieldDef[] {
    return this.#fields;
  }

  /** A field by name, case-insensitively (as SOQL and the REST API resolve names). */
  public field(name: string): FieldDef | undefined {
    return this.#byLowerName.get(name.toLowerCase());
  }

  /** Declares a custom field; declaring an existing one again is a no-op. */
  public defineCustomField(name: string, type: CustomFieldType): void {
    if (!this.#byLowerName.has(name.toLowerCase())) this.#addField(customFieldDef(name, type));
  }

  /** The column of a stored field (`undefined` for Id, which is computed). */
  public column(name: string): Column | undefined {
    return this.#columns.get(name);
  }

  /** The 18-character Id of a row. */
  public idOf(row: number): string {
    return salesforceId(VOICE_CALL_PREFIX, this.#pod, ID_COUNTER_BASE + row);
  }

  /** The row of a VoiceCall Id (15 or 18 characters), or `undefined` when no such record exists. */
  public rowOfId(id: string): number | undefined {
    const canonical = canonicalId(id);
    if (canonical === undefined || !canonical.startsWith(VOICE_CALL_PREFIX + this.#pod) || canonical[5] !== '0') return undefined;
    const row = idCounter(canonical) - ID_COUNTER_BASE;
    return row >= 0 && row < this.#size ? row : undefined;
  }

  /** Rows whose VendorCallKey equals `key` ignoring case, oldest first. */
  public rowsByVendorKey(key: string): number[] {
    const hit = this.#vendorIndex.get(key.toLowerCase());
    if (hit === undefined) return [];
    return typeof hit === 'number' ? [hit] : [...hit];
  }

  /** The value of a field (canonical name) on a row; Id is computed. */
  public value(row: number, name: string): RawValue {
    if (name === 'Id') return this.idOf(row);
    return this.#columns.get(name)?.get(row) ?? null;
  }

  /**
   * Appends a record.
   *
   * @param values - field values by canonical name (unknown names are ignored)
   * @returns the new row
   */
  public insert(values: FieldValues): number {
    const row = this.#size;
    if (row >= this.#capacity) {
      this.#capacity *= 2;
      for (const column of this.#columns.values()) column.grow(this.#capacity);
    }
    this.#size += 1;
    for (const [name, value] of Object.entries(values)) this.#columns.get(name)?.set(row, value);
    const key = values.VendorCallKey;
    if (typeof key === 'string') {
      const lower = key.toLowerCase();
      const existing = this.#vendorIndex.get(lower);
      if (existing === undefined) this.#vendorIndex.set(lower, row);
      else if (typeof existing === 'number') this.#vendorIndex.set(lower, [existing, row]);
      else existing.push(row);
    }
    this.#startIndex.noteChanged(row);
    return row;
  }

  /** Overwrites fields of an existing row (VendorCallKey is immutable and ignored). */
  public update(row: number, values: FieldValues): void {
    for (const [name, value] of Object.entries(values)) {
      if (name === 'VendorCallKey') continue;
      this.#columns.get(name)?.set(row, value);
      if (name === 'CallStartDateTime') this.#startIndex.noteChanged(row);
    }
  }

  /** The CallStartDateTime index, rebuilt first if it has drifted. */
  public startIndex(): StartTimeIndex {
    if (this.#startIndex.stale) this.refreshIndexes();
    return this.#startIndex;
  }

  /** Re-sorts the CallStartDateTime index (done lazily anyway; call after bulk loads). */
  public refreshIndexes(): void {
    const column = this.#columns.get('CallStartDateTime') as NumberColumn;
    this.#startIndex.rebuild(column.values, this.#size);
  }

  /** Rough bytes held by the columns and indexes, for `/_simulator/stats`. */
  public approximateBytes(): number {
    let bytes = this.#vendorIndex.size * 80 + this.#capacity * 12;
    for (const column of this.#columns.values()) {
      if (column instanceof NumberColumn) bytes += column.values.byteLength;
      else if (column instanceof DictColumn) bytes += column.codes.byteLength;
      else if (column instanceof PlainColumn) bytes += column.values.length * 48;
      else if (column instanceof SparseColumn) bytes += column.values.size * 64;
    }
    return bytes;
  }
}

export { VoiceCallStore };
export type { FieldValues };
