import type { RawValue } from './columns.ts';
import { parseIsoDate, parseIsoDateTime } from './sfDateTime.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/** A VoiceCall to insert directly: field → value, dateTimes as ISO 8601 text (or epoch ms). */
type VoiceCallInput = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * Inserts records straight into the store, bypassing the APIs' create-only rules (test and
 * benchmark set-up). CreatedDate defaults to `now`, LastModifiedDate to CreatedDate.
 *
 * @returns the new records' Ids
 * @throws TypeError for an unknown field, an Id, or a value that does not fit the field's type
 */
function insertVoiceCalls(store: VoiceCallStore, records: Iterable<VoiceCallInput>, now: number): string[] {
  const ids: string[] = [];
  for (const record of records) {
    const values: Record<string, RawValue> = {};
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      const def = store.field(name);
      if (def === undefined || def.type === 'id')
        throw new TypeError(`insertVoiceCalls: ${def ? 'Id is assigned by the simulator' : `no VoiceCall field ${name}`}.`);
      let stored: RawValue | undefined;
      if (value === null) stored = null;
      else if (def.type === 'datetime' || def.type === 'date')
        stored =
          typeof value === 'number'
            ? value
            : typeof value === 'string'
              ? def.type === 'date'
                ? parseIsoDate(value)
                : parseIsoDateTime(value)
              : undefined;
      else if (def.type === 'boolean') stored = typeof value === 'boolean' ? (value ? 1 : 0) : undefined;
      else if (def.type === 'int' || def.type === 'double') stored = typeof value === 'number' ? value : undefined;
      else stored = typeof value === 'string' ? value : undefined;
      if (stored === undefined) throw new TypeError(`insertVoiceCalls: ${JSON.stringify(value)} does not fit ${def.name} (${def.type}).`);
      values[def.name] = stored;
    }
    values.CreatedDate ??= now;
    values.LastModifiedDate ??= values.CreatedDate;
    ids.push(store.idOf(store.insert(values)));
  }
  return ids;
}

export { insertVoiceCalls };
export type { VoiceCallInput };
