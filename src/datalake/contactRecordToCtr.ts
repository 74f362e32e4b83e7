import type { ContactTraceRecord } from '../ctr/ContactTraceRecord.ts';
import { validateContactId } from '../ctr/validateContactId.ts';
import { type ContactRecordColumn, CONTACT_RECORD_COLUMNS, PRESENCE_COLUMNS } from './contactRecordColumns.ts';
import { DataLakeRowError } from './dataLakeErrors.ts';

/**
 * One `contact_record` row as Athena returns it: column (or alias) → text, `null` for SQL NULL.
 * A column absent from the object was not supplied (not selected, or not in this data lake).
 */
type ContactRecordRow = Readonly<Record<string, string | null | undefined>>;

/** A transform input the row could not supply; any of these makes a rebuilt sync partial. */
interface MissingInput {
  /** The CTR path, e.g. `Agent.NumberOfHolds`. */
  readonly ctrField: string;
  /** The data-lake column that would have supplied it. */
  readonly column: string;
  /** `not-supplied`: column absent from the row; `unparseable`: present but not usable; `not-mapped`: no column is read for it. */
  readonly reason: 'not-supplied' | 'unparseable' | 'not-mapped';
}

/** A duration that was not a whole number of seconds in the data lake, rounded for the CTR. */
interface ApproximatedInput {
  readonly ctrField: string;
  readonly column: string;
  readonly milliseconds: number;
  readonly seconds: number;
}

/** What {@link contactRecordToCtr} produces. */
interface ContactRecordMapping {
  readonly contactId: string;
  /** The rebuilt CTR: only fields the row supplied (SQL NULL becomes `null`, as in a real CTR). */
  readonly ctr: ContactTraceRecord;
  readonly missing: readonly MissingInput[];
  readonly approximated: readonly ApproximatedInput[];
  /** True when nothing is missing: the rebuilt CTR gives SCV's transform every input it reads. */
  readonly complete: boolean;
}

/** CTR fields without which SCV's shouldProcessCtr cannot be evaluated (scvExclusion's inputs). */
const EXCLUSION_INPUTS: readonly string[] = Object.freeze(['ContactId', 'Channel', 'InitiationMethod', 'Attributes', 'Recordings']);

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?: ?UTC|Z)?$/;
const UNSIGNED_INTEGER = /^\d{1,15}$/;
const MS_PER_SECOND = 1000;

/**
 * A data-lake timestamp (`2026-03-02 10:00:00.000`, optionally ` UTC`, or ISO 8601 with `Z`) in the
 * CTR's format `yyyy-mm-ddThh:mm:ssZ` (connect-ctr.md §0.3); milliseconds are kept only when not
 * zero, so nothing is truncated.
 */
function toCtrTimestamp(text: string, column: string): string {
  const m = TIMESTAMP.exec(text.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}Z`) : Number.NaN;
  if (!m || Number.isNaN(ms)) throw new DataLakeRowError(column, `${column} is not a UTC timestamp`);
  const fraction = (m[3] ?? '').padEnd(3, '0');
  if (/[1-9]/.test(fraction.slice(3))) throw new DataLakeRowError(column, `${column} has sub-millisecond precision`);
  const millis = fraction.slice(0, 3);
  return millis === '000' ? `${m[1]}T${m[2]}Z` : `${m[1]}T${m[2]}.${millis}Z`;
}

function toInteger(text: string, column: string): number {
  if (!UNSIGNED_INTEGER.test(text.trim())) throw new DataLakeRowError(column, `${column} is not a non-negative integer`);
  return Number(text.trim());
}

/** The attributes map from `json_format(CAST(attributes AS JSON))`; undefined when not an object of strings. */
function parseAttributes(text: string): Record<string, string | null> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v !== 'string') return undefined;
    if (k !== '__proto__') out[k] = v;
  }
  return out;
}

function supplied(row: ContactRecordRow, column: string): boolean {
  return Object.hasOwn(row, column) && row[column] !== undefined;
}

/**
 * Whether a parent (Agent, Queue) exists: its presence column says so; without it, any non-null
 * column of its own means yes and all-NULL columns mean no; with nothing supplied it is unknown.
 */
function parentPresent(row: ContactRecordRow, presenceColumn: string, children: readonly ContactRecordColumn[]): boolean | undefined {
  if (supplied(row, presenceColumn)) return row[presenceColumn] !== null;
  const own = children.filter((c) => supplied(row, c.column));
  if (own.length === 0) return undefined;
  return own.some((c) => row[c.column] !== null);
}

/**
 * Maps one data-lake `contact_record` row to the CTR fields SCV's transform reads
 * (`transformCtr`, `scvExclusion`): identity and chain ids, channel, initiation method, the three
 * timestamps, disconnect reason, Agent (accept time; hold, longest hold and interaction durations
 * converted from ms to the CTR's whole seconds; number of holds), Queue (name, enqueue time),
 * endpoint addresses, Recording.Location and Attributes. Every column and its source is in
 * {@link CONTACT_RECORD_COLUMNS}.
 *
 * Nothing is guessed: a column the row does not carry is left out and reported in `missing`; SQL
 * NULL becomes `null`, exactly what a real CTR carries for an absent value. Agent and Queue are
 * objects when `agent_id` / `queue_id` is non-null (or, without those columns, when any of their
 * columns is), `null` when the data lake says there is none. A duration that is not a whole number
 * of seconds is rounded half up and reported in `approximated`: SCV itself does no rounding (it
 * sends the CTR's integer seconds), and how Connect derives those seconds from milliseconds is
 * UNVERIFIED. `Recordings` (SCV's voicemail rule) is not read; it is reported missing only when
 * `Attributes.vm_flag` is set, the one case where the rule needs it.
 *
 * @param row - one result row, column → text (`null` for SQL NULL)
 * @returns the CTR, what is missing, what was approximated
 * @throws DataLakeRowError when `contact_id` is missing or unsafe, or a value is malformed
 */
function contactRecordToCtr(row: ContactRecordRow): ContactRecordMapping {
  const missing: MissingInput[] = [];
  const approximated: ApproximatedInput[] = [];
  const contactIdText = row.contact_id;
  let contactId: string;
  try {
    contactId = validateContactId(contactIdText);
  } catch (error) {
    throw new DataLakeRowError('contact_id', 'contact_id is missing or not a usable ContactId', { cause: error });
  }

  const agentColumns = CONTACT_RECORD_COLUMNS.filter((c) => c.ctrField.startsWith('Agent.'));
  const queueColumns = CONTACT_RECORD_COLUMNS.filter((c) => c.ctrField.startsWith('Queue.'));
  const agent = parentPresent(row, PRESENCE_COLUMNS.agent, agentColumns);
  const queue = parentPresent(row, PRESENCE_COLUMNS.queue, queueColumns);
  const ctr: Record<string, unknown> = {};
  if (agent !== undefined) ctr.Agent = agent ? {} : null;
  if (queue !== undefined) ctr.Queue = queue ? {} : null;

  for (const spec of CONTACT_RECORD_COLUMNS) {
    const [parent, child] = spec.ctrField.includes('.') ? (spec.ctrField.split('.') as [string, string]) : [undefined, spec.ctrField];
    if (parent !== undefined && ctr[parent] === null) continue; // the data lake says there is no Agent/Queue
    if (!supplied(row, spec.column)) {
      if (spec.kind !== 'id') missing.push({ ctrField: spec.ctrField, column: spec.column, reason: 'not-supplied' });
      continue;
    }
    const text = row[spec.column] as string | null;
    let value: unknown = null;
    if (text !== null) {
      switch (spec.kind) {
        case 'id':
          value = contactId;
          break;
        case 'string':
          value = text;
          break;
        case 'timestamp':
          value = toCtrTimestamp(text, spec.column);
          break;
        case 'count':
          value = toInteger(text, spec.column);
          break;
        case 'duration-ms': {
          const ms = toInteger(text, spec.column);
          value = Math.round(ms / MS_PER_SECOND);
          if (ms % MS_PER_SECOND !== 0)
            approximated.push({ ctrField: spec.ctrField, column: spec.column, milliseconds: ms, seconds: value as number });
          break;
        }
        case 'json-map':
          value = parseAttributes(text);
          if (value === undefined) {
            missing.push({ ctrField: spec.ctrField, column: spec.column, reason: 'unparseable' });
            continue;
          }
          break;
      }
    }
    if (parent === undefined) {
      ctr[child] = value;
    } else if (parent === 'Agent' || parent === 'Queue') {
      // Present (an object) here: absent parents were skipped above, unknown ones supply no column.
      (ctr[parent] as Record<string, unknown>)[child] = value;
    } else if (value !== null) {
      // Endpoints and Recording: an object only when there is a value, else null as in a real CTR.
      ctr[parent] = { ...((ctr[parent] as Record<string, unknown> | null | undefined) ?? {}), [child]: value };
    } else {
      ctr[parent] ??= null;
    }
  }

  const attributes = ctr.Attributes as Record<string, string | null> | null | undefined;
  if (attributes?.vm_flag) missing.push({ ctrField: 'Recordings', column: 'recordings', reason: 'not-mapped' });
  return { contactId, ctr: ctr as ContactTraceRecord, missing, approximated, complete: missing.length === 0 };
}

/**
 * True when every input of SCV's shouldProcessCtr is known, so {@link scvExclusion} can say whether
 * SCV would sync the rebuilt CTR. Without it, a rebuilt CTR must not be sent.
 */
function canEvaluateExclusion(mapping: ContactRecordMapping): boolean {
  return !mapping.missing.some((m) => EXCLUSION_INPUTS.includes(m.ctrField));
}

export { EXCLUSION_INPUTS, canEvaluateExclusion, contactRecordToCtr, toCtrTimestamp };
export type { ApproximatedInput, ContactRecordMapping, ContactRecordRow, MissingInput };
