import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { ATTRIBUTES_COLUMN, ATTRIBUTES_JSON_ALIAS, CONTACT_RECORD_COLUMNS, PRESENCE_COLUMNS } from './contactRecordColumns.ts';
import { type ContactRecordMapping, type ContactRecordRow, contactRecordToCtr } from './contactRecordToCtr.ts';
import { defaultSleep, type ThrottleRetryPolicy, withThrottleRetry } from './awsCallRetry.ts';
import { AthenaQueryError, DataLakeRowError, DataLakeSourceError } from './dataLakeErrors.ts';
import { validateAwsName, validateS3Location } from './validateAwsNames.ts';

/** Defaults: the database name AWS's reference queries assume, the table, Athena's page ceiling. */
const ATHENA_SOURCE_DEFAULTS = Object.freeze({
  database: 'connect_datalake',
  table: 'contact_record',
  workGroup: 'primary',
  catalog: 'AwsDataCatalog',
  pageSize: 1000,
  poll: Object.freeze({ initialDelayMs: 250, maxDelayMs: 5_000, maxPolls: 240 }),
  throttle: Object.freeze({ maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 10_000 }),
});

const DAY_MS = 86_400_000;

/** A time window [from, to). */
interface DataLakeWindow {
  readonly from: Date;
  readonly to: Date;
}

/** Settings of {@link AthenaContactRecordSource}; names are validated before they reach SQL. */
interface AthenaContactRecordSourceOptions {
  readonly client: Pick<AthenaClient, 'send'>;
  /** The Connect instance whose contacts to read (`instance_id`). */
  readonly instanceId: string;
  readonly database?: string;
  readonly table?: string;
  readonly workGroup?: string;
  readonly catalog?: string;
  /** `s3://bucket/prefix/` for query results; omit when the workgroup enforces its own. */
  readonly outputLocation?: string;
  /** Columns this data lake lacks: not selected, and reported missing by the mapper. */
  readonly omitColumns?: readonly string[];
  /** Rows per GetQueryResults page (1–1000). */
  readonly pageSize?: number;
  /** GetQueryExecution polling: delay doubles from `initialDelayMs` to `maxDelayMs`, at most `maxPolls` polls. */
  readonly poll?: { readonly initialDelayMs: number; readonly maxDelayMs: number; readonly maxPolls: number };
  readonly throttle?: ThrottleRetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source of the retry backoff, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** One row of the data lake: mapped to a CTR, or refused with the reason. */
type DataLakeRecord =
  | { readonly kind: 'mapped'; readonly mapping: ContactRecordMapping; readonly queryExecutionId: string }
  | { readonly kind: 'invalid'; readonly error: DataLakeRowError; readonly queryExecutionId: string };

/** `2026-03-02T10:00:00.000Z` → `2026-03-02 10:00:00.000`, a Trino TIMESTAMP literal (UTC). */
function timestampLiteral(date: Date): string {
  return `TIMESTAMP '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** The window cut at UTC midnights: one piece per daily partition of `initiation_timestamp`. */
function dayPieces(window: DataLakeWindow): DataLakeWindow[] {
  const pieces: DataLakeWindow[] = [];
  let start = window.from.getTime();
  const end = window.to.getTime();
  while (start < end) {
    const next = Math.min(end, (Math.floor(start / DAY_MS) + 1) * DAY_MS);
    pieces.push({ from: new Date(start), to: new Date(next) });
    start = next;
  }
  return pieces;
}

/**
 * Reads contact records from the Amazon Connect analytics data lake through Athena and yields
 * them mapped to CTRs ({@link contactRecordToCtr}), page by page (memory stays flat). One query
 * per UTC day of the window, each bounded on `initiation_timestamp` (the table's daily partition
 * key, data-lake-contact-data.md) and on `instance_id`; identifiers are validated and
 * double-quoted, values are generated, so no raw string reaches the SQL. Rows come as the data
 * lake holds them: it delivers records at least once, so the same contact can appear twice
 * (data-type-definitions.html); the archive's content hash collapses identical copies.
 */
class AthenaContactRecordSource {
  readonly #client: Pick<AthenaClient, 'send'>;
  readonly #instanceId: string;
  readonly #database: string;
  readonly #table: string;
  readonly #workGroup: string;
  readonly #catalog: string;
  readonly #outputLocation: string | undefined;
  readonly #selectList: string;
  readonly #labels: readonly string[];
  readonly #pageSize: number;
  readonly #poll: { readonly initialDelayMs: number; readonly maxDelayMs: number; readonly maxPolls: number };
  readonly #throttle: ThrottleRetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;

  /**
   * @param options - client, instance, names and pacing
   * @throws InvalidIdentifierError when a name, the instance id, the result location or an omitted column is not valid
   */
  public constructor(options: AthenaContactRecordSourceOptions) {
    this.#client = options.client;
    this.#instanceId = validateAwsName('Connect instance id', options.instanceId);
    this.#database = validateAwsName('Athena database', options.database ?? ATHENA_SOURCE_DEFAULTS.database);
    this.#table = validateAwsName('Athena table', options.table ?? ATHENA_SOURCE_DEFAULTS.table);
    this.#workGroup = validateAwsName('Athena workgroup', options.workGroup ?? ATHENA_SOURCE_DEFAULTS.workGroup);
    this.#catalog = validateAwsName('Athena catalog', options.catalog ?? ATHENA_SOURCE_DEFAULTS.catalog);
    this.#outputLocation = options.outputLocation === undefined ? undefined : validateS3Location(options.outputLocation);
    this.#pageSize = options.pageSize ?? ATHENA_SOURCE_DEFAULTS.pageSize;
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 2 || this.#pageSize > 1000) {
      throw new RangeError('pageSize must be an integer 2-1000 (the first page also carries the header row)');
    }
    this.#poll = options.poll ?? ATHENA_SOURCE_DEFAULTS.poll;
    this.#throttle = options.throttle ?? ATHENA_SOURCE_DEFAULTS.throttle;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;

    const omit = new Set((options.omitColumns ?? []).map((c) => validateAwsName('contact_record column', c)));
    const items: string[] = [];
    const labels: string[] = [];
    const columns = [...CONTACT_RECORD_COLUMNS.map((c) => c.column), PRESENCE_COLUMNS.agent, PRESENCE_COLUMNS.queue];
    for (const column of columns) {
      if (column === ATTRIBUTES_JSON_ALIAS) {
        if (omit.has(ATTRIBUTES_COLUMN) || omit.has(ATTRIBUTES_JSON_ALIAS)) continue;
        items.push(`json_format(CAST("${ATTRIBUTES_COLUMN}" AS JSON)) AS "${ATTRIBUTES_JSON_ALIAS}"`);
      } else {
        if (omit.has(column) && column !== 'contact_id') continue;
        items.push(`"${column}"`);
      }
      labels.push(column);
    }
    this.#selectList = items.join(', ');
    this.#labels = labels;
  }

  /** The SQL of one query: the select list, the table, the instance and one window piece. */
  public queryFor(piece: DataLakeWindow): string {
    return (
      `SELECT ${this.#selectList} FROM "${this.#database}"."${this.#table}"` +
      ` WHERE "instance_id" = '${this.#instanceId}'` +
      ` AND "initiation_timestamp" >= ${timestampLiteral(piece.from)}` +
      ` AND "initiation_timestamp" < ${timestampLiteral(piece.to)}`
    );
  }

  /**
   * Every contact record initiated in the window, mapped to a CTR.
   *
   * @param window - [from, to)
   * @throws AthenaQueryError when a query ends FAILED or CANCELLED, or outlives the poll budget (it is then stopped)
   * @throws AwsThrottledError when a call stays throttled through every retry
   * @throws DataLakeSourceError for any other Athena error, or results of an unexpected shape
   */
  public async *records(window: DataLakeWindow): AsyncGenerator<DataLakeRecord> {
    for (const piece of dayPieces(window)) {
      const id = await this.#start(this.queryFor(piece));
      await this.#waitForSuccess(id);
      yield* this.#results(id);
    }
  }

  #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return withThrottleRetry('athena', operation, call, this.#throttle, this.#sleep, this.#random);
  }

  async #start(sql: string): Promise<string> {
    const out = await this.#send('StartQueryExecution', () =>
      this.#client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: this.#workGroup,
          QueryExecutionContext: { Catalog: this.#catalog, Database: this.#database },
          ...(this.#outputLocation ? { ResultConfiguration: { OutputLocation: this.#outputLocation } } : {}),
        }),
      ),
    );
    if (!out.QueryExecutionId)
      throw new DataLakeSourceError('athena', 'StartQueryExecution', 'NoQueryExecutionId', 'Athena returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  async #waitForSuccess(id: string): Promise<void> {
    let delay = this.#poll.initialDelayMs;
    for (let poll = 1; poll <= this.#poll.maxPolls; poll += 1) {
      const out = await this.#send('GetQueryExecution', () => this.#client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const status = out.QueryExecution?.Status;
      if (status?.State === 'SUCCEEDED') return;
      if (status?.State === 'FAILED' || status?.State === 'CANCELLED') {
        throw new AthenaQueryError(status.State, { queryExecutionId: id, ...(status.StateChangeReason ? { reason: status.StateChangeReason } : {}) });
      }
      await this.#sleep(delay);
      delay = Math.min(this.#poll.maxDelayMs, delay * 2);
    }
    await this.#send('StopQueryExecution', () => this.#client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }))).catch(() => undefined);
    throw new AthenaQueryError('TIMED_OUT', { queryExecutionId: id, reason: `still running after ${this.#poll.maxPolls} polls; stopped` });
  }

  async *#results(id: string): AsyncGenerator<DataLakeRecord> {
    let nextToken: string | undefined;
    let first = true;
    do {
      const token = nextToken;
      const page: GetQueryResultsCommandOutput = await this.#send('GetQueryResults', () =>
        this.#client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: this.#pageSize, ...(token ? { NextToken: token } : {}) })),
      );
      const names = page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [];
      if (names.join(',') !== this.#labels.join(',')) {
        throw new DataLakeSourceError(
          'athena',
          'GetQueryResults',
          'UnexpectedColumns',
          `expected columns ${this.#labels.join(', ')}; got ${names.join(', ')}`,
        );
      }
      const rows = page.ResultSet?.Rows ?? [];
      for (const [i, row] of rows.entries()) {
        // The first row of the first page is the header row (column labels), as Athena returns it.
        if (first && i === 0) {
          const header = row.Data?.map((d) => d.VarCharValue ?? '') ?? [];
          if (header.join(',') !== names.join(',')) {
            throw new DataLakeSourceError('athena', 'GetQueryResults', 'UnexpectedHeader', 'the first result row is not the header row');
          }
          continue;
        }
        const record: Record<string, string | null> = {};
        for (const [c, name] of names.entries()) record[name] = row.Data?.[c]?.VarCharValue ?? null;
        yield this.#map(record, id);
      }
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
  }

  #map(row: ContactRecordRow, queryExecutionId: string): DataLakeRecord {
    try {
      return { kind: 'mapped', mapping: contactRecordToCtr(row), queryExecutionId };
    } catch (error) {
      if (error instanceof DataLakeRowError) return { kind: 'invalid', error, queryExecutionId };
      throw error;
    }
  }
}

export { ATHENA_SOURCE_DEFAULTS, AthenaContactRecordSource, dayPieces };
export type { AthenaContactRecordSourceOptions, DataLakeRecord, DataLakeWindow };
