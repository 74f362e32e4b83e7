import type { RawValue } from './columns.ts';
import { canonicalId } from './salesforceId.ts';
import { parseIsoDate, parseIsoDateTime } from './sfDateTime.ts';
import { type FieldDef, VOICE_CALL } from './voiceCallSchema.ts';
import type { FieldValues, VoiceCallStore } from './VoiceCallStore.ts';

/** A per-record error as the REST API reports it (`statusCode` in SaveResults, `errorCode` in 400s). */
interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

type UpdateCheck = { readonly ok: true; readonly values: FieldValues } | { readonly ok: false; readonly error: RecordError };

const FLS_HINT = 'Please check the security settings of this field and verify that it is read/write for your profile or permission set.';

function typeError(def: FieldDef, value: unknown): RecordError {
  return {
    statusCode: 'JSON_PARSER_ERROR',
    message: `Cannot deserialize instance of ${def.type} from ${JSON.stringify(value)} for field ${def.name}`,
    fields: [def.name],
  };
}

/** Converts a JSON value for an updatable field, or `undefined` when it has the wrong type. */
function storedValue(def: FieldDef, value: unknown): RawValue | undefined {
  if (value === null) return null;
  switch (def.type) {
    case 'datetime':
      return typeof value === 'string' ? parseIsoDateTime(value) : undefined;
    case 'date':
      return typeof value === 'string' ? parseIsoDate(value) : undefined;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 1 : 0) : undefined;
    default:
      return typeof value === 'string' ? value : undefined;
  }
}

/**
 * Checks the fields of an update (PATCH sobjects or one composite record) the way the org does:
 * unknown fields are INVALID_FIELD; create-only CTR fields, Id and audit fields are
 * INVALID_FIELD_FOR_INSERT_UPDATE ("Unable to create/update fields: ..."); values of the wrong
 * type are JSON_PARSER_ERROR.
 *
 * @param body - the record's JSON; `attributes` (and, when `skipId`, `id`/`Id`) are not fields
 */
function checkUpdate(store: VoiceCallStore, body: Readonly<Record<string, unknown>>, skipId: boolean): UpdateCheck {
  const values: Record<string, RawValue> = {};
  const refused: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === 'attributes' || (skipId && name.toLowerCase() === 'id')) continue;
    const def = store.field(name);
    if (def === undefined)
      return {
        ok: false,
        error: { statusCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${VOICE_CALL}`, fields: [name] },
      };
    if (!def.updatable) {
      refused.push(def.name);
      continue;
    }
    const stored = storedValue(def, value);
    if (stored === undefined) return { ok: false, error: typeError(def, value) };
    values[def.name] = stored;
  }
  if (refused.length > 0) {
    return {
      ok: false,
      error: {
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${refused.join(', ')}. ${FLS_HINT}`,
        fields: refused,
      },
    };
  }
  return { ok: true, values };
}

/** One composite record checked: its row and values, or its error. */
type CompositeCheck =
  | { readonly ok: true; readonly row: number; readonly id: string; readonly values: FieldValues }
  | { readonly ok: false; readonly error: RecordError };

/** Checks one record of `PATCH /composite/sobjects`. */
function checkCompositeRecord(store: VoiceCallStore, record: unknown): CompositeCheck {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { ok: false, error: { statusCode: 'JSON_PARSER_ERROR', message: 'Each record must be a JSON object.', fields: [] } };
  }
  const r = record as Record<string, unknown>;
  const type = (r.attributes as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || type.toLowerCase() !== VOICE_CALL.toLowerCase()) {
    return {
      ok: false,
      error: {
        statusCode: 'INVALID_TYPE',
        message: `The org simulator only holds ${VOICE_CALL} records; attributes.type was ${JSON.stringify(type)}.`,
        fields: [],
      },
    };
  }
  const rawId = r.id ?? r.Id;
  if (typeof rawId !== 'string' || rawId === '')
    return { ok: false, error: { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] } };
  const id = canonicalId(rawId);
  if (id === undefined || !id.startsWith('0LQ'))
    return { ok: false, error: { statusCode: 'MALFORMED_ID', message: `${VOICE_CALL} ID: id value of incorrect type: ${rawId}`, fields: ['Id'] } };
  const row = store.rowOfId(id);
  if (row === undefined)
    return { ok: false, error: { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] } };
  const check = checkUpdate(store, r, true);
  return check.ok ? { ok: true, row, id, values: check.values } : check;
}

export { checkCompositeRecord, checkUpdate };
export type { CompositeCheck, RecordError, UpdateCheck };
