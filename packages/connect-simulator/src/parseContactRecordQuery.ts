import { COLUMNS_BY_NAME } from './contactRecordTable.ts';
import { UnsupportedSqlError } from './errors.ts';

/** One item of the SELECT list. */
interface SelectItem {
  /** The table column read. */
  readonly column: string;
  /** The result column's name (the alias, else the column). */
  readonly label: string;
  /** `json`: `json_format(CAST(<map column> AS JSON))`, rendered as a JSON object string. */
  readonly render: 'plain' | 'json';
}

/** The only query shape the simulator runs. */
interface ContactRecordQuery {
  readonly select: readonly SelectItem[];
  readonly database: string;
  readonly table: string;
  readonly instanceId: string;
  /** Inclusive lower bound on initiation_timestamp (epoch ms). */
  readonly fromMs: number;
  /** Exclusive upper bound on initiation_timestamp (epoch ms). */
  readonly toMs: number;
}

const IDENT = '"?([A-Za-z0-9_-]+)"?';
const QUERY = new RegExp(
  String.raw`^\s*SELECT\s+(.+?)\s+FROM\s+${IDENT}\.${IDENT}\s+WHERE\s+"?instance_id"?\s*=\s*'([A-Za-z0-9-]+)'` +
    String.raw`\s+AND\s+"?initiation_timestamp"?\s*>=\s*TIMESTAMP\s+'([0-9: -]+(?:\.[0-9]{1,3})?)'` +
    String.raw`\s+AND\s+"?initiation_timestamp"?\s*<\s*TIMESTAMP\s+'([0-9: -]+(?:\.[0-9]{1,3})?)'\s*;?\s*$`,
  'is',
);
const PLAIN_ITEM = new RegExp(`^${IDENT}$`);
const JSON_ITEM = new RegExp(String.raw`^json_format\s*\(\s*CAST\s*\(\s*${IDENT}\s+AS\s+JSON\s*\)\s*\)\s+AS\s+${IDENT}$`, 'i');

/** `2026-03-02 00:00:00[.000]` (a Trino TIMESTAMP literal, UTC here) → epoch ms. */
function literalToMs(literal: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,3})?$/.exec(literal.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new UnsupportedSqlError(`TIMESTAMP literal '${literal}' is not 'YYYY-MM-DD HH:MM:SS[.fff]'`);
  return ms;
}

function parseItem(text: string): SelectItem {
  const plain = PLAIN_ITEM.exec(text);
  if (plain?.[1]) {
    if (!COLUMNS_BY_NAME.has(plain[1])) throw new UnsupportedSqlError(`unknown column ${plain[1]}`);
    return { column: plain[1], label: plain[1], render: 'plain' };
  }
  const json = JSON_ITEM.exec(text);
  if (json?.[1] && json[2]) {
    if (COLUMNS_BY_NAME.get(json[1])?.type.startsWith('map') !== true) {
      throw new UnsupportedSqlError(`json_format(CAST(... AS JSON)) is only supported on a map column, not ${json[1]}`);
    }
    return { column: json[1], label: json[2], render: 'json' };
  }
  throw new UnsupportedSqlError(`select item ${JSON.stringify(text.slice(0, 80))}`);
}

/**
 * Parses the product's contact-record query, the one SQL shape the simulator runs:
 * `SELECT <columns> FROM <db>.<table> WHERE instance_id = '<id>' AND initiation_timestamp >=
 * TIMESTAMP '<from>' AND initiation_timestamp < TIMESTAMP '<to>'` (identifiers optionally
 * double-quoted; a select item may also be `json_format(CAST(<map> AS JSON)) AS <alias>`).
 *
 * @param sql - the QueryString of StartQueryExecution
 * @returns the parsed query
 * @throws UnsupportedSqlError for anything else (answered as Athena InvalidRequestException)
 */
function parseContactRecordQuery(sql: string): ContactRecordQuery {
  const m = QUERY.exec(sql);
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5] || !m[6]) {
    throw new UnsupportedSqlError(
      'only SELECT <columns> FROM <db>.<table> WHERE instance_id = ... AND initiation_timestamp >= TIMESTAMP ... AND initiation_timestamp < TIMESTAMP ... is understood',
    );
  }
  const select = m[1].split(',').map((s) => parseItem(s.trim()));
  const fromMs = literalToMs(m[5]);
  const toMs = literalToMs(m[6]);
  if (toMs <= fromMs) throw new UnsupportedSqlError('the initiation_timestamp range is empty');
  return { select, database: m[2], table: m[3], instanceId: m[4], fromMs, toMs };
}

export { parseContactRecordQuery };
export type { ContactRecordQuery, SelectItem };
