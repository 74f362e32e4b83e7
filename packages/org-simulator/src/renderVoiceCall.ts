import type { RawValue } from './columns.ts';
import { formatSfDate, formatSfDateTime } from './sfDateTime.ts';
import { type FieldDef, VOICE_CALL } from './voiceCallSchema.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/** A VoiceCall as the REST API renders it: `attributes` first, then the fields. */
type RenderedRecord = Record<string, unknown> & { attributes: { type: string; url: string } };

/** A stored value as JSON: dateTime as `2022-01-05T17:12:59.000+0000`, date as `2022-01-05`, booleans never null. */
function renderValue(def: FieldDef, raw: RawValue): unknown {
  if (def.type === 'boolean') return raw === 1;
  if (raw === null) return null;
  if (def.type === 'datetime') return formatSfDateTime(raw as number);
  if (def.type === 'date') return formatSfDate(raw as number);
  return raw;
}

/** `/services/data/vNN.N/sobjects/VoiceCall/<Id>`. */
function recordUrl(apiVersion: string, id: string): string {
  return `/services/data/${apiVersion}/sobjects/${VOICE_CALL}/${id}`;
}

/**
 * Renders one record.
 *
 * @param fields - the fields to include, in order
 * @param id - the record Id (for `attributes.url` and the Id field)
 * @param valueAt - the raw value of a field (index into `fields`)
 */
function renderRecord(apiVersion: string, fields: readonly FieldDef[], id: string, valueAt: (index: number) => RawValue): RenderedRecord {
  const record: RenderedRecord = { attributes: { type: VOICE_CALL, url: recordUrl(apiVersion, id) } };
  fields.forEach((def, index) => {
    record[def.name] = def.type === 'id' ? id : renderValue(def, valueAt(index));
  });
  return record;
}

/** Renders a stored row with the given fields (all fields when omitted). */
function renderStoredRecord(store: VoiceCallStore, apiVersion: string, row: number, fields: readonly FieldDef[] = store.fields): RenderedRecord {
  return renderRecord(apiVersion, fields, store.idOf(row), (index) => store.value(row, (fields[index] as FieldDef).name));
}

export { recordUrl, renderRecord, renderStoredRecord, renderValue };
export type { RenderedRecord };
