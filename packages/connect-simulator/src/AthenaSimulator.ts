import { randomUUID } from 'node:crypto';
import { COLUMNS_BY_NAME, type ContactRecordRow, renderAthenaMap, renderAthenaTimestamp } from './contactRecordTable.ts';
import { SimulatedInvalidRequestError, SimulatedThrottlingError } from './errors.ts';
import { type ContactRecordQuery, parseContactRecordQuery } from './parseContactRecordQuery.ts';

/** Query states, as Athena's `QueryExecutionState`. */
type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** Athena's page-size ceiling for GetQueryResults (`MaxResults` 1–1000). */
const ATHENA_MAX_RESULTS = 1000;

/** Settings of the simulated Athena. */
interface AthenaSimulatorOptions {
  /** The seeded `contact_record` rows. */
  readonly rows: readonly ContactRecordRow[];
  /** The database and table that exist (default `connect_datalake`.`contact_record`). */
  readonly database?: string;
  readonly table?: string;
  /** GetQueryExecution polls answered QUEUED, then RUNNING, before the final state (default 1 and 1). */
  readonly queuedPolls?: number;
  readonly runningPolls?: number;
}

/** A fault the next matching call(s) will get. */
type AthenaFault =
  | {
      readonly kind: 'throttle';
      readonly action?: string;
      readonly errorType?: 'ThrottlingException' | 'TooManyRequestsException';
      readonly times?: number;
    }
  | { readonly kind: 'fail-next-query'; readonly message?: string }
  | { readonly kind: 'cancel-next-query' };

/** One query execution the simulator holds. */
interface SimulatedExecution {
  readonly id: string;
  readonly sql: string;
  readonly workGroup: string;
  readonly database: string | undefined;
  readonly catalog: string | undefined;
  readonly outputLocation: string | undefined;
  readonly submittedAt: number;
  /** The final state the query reaches after its polls. */
  final: QueryState;
  finalReason: string | undefined;
  polls: number;
  cancelled: boolean;
  completedAt: number | undefined;
  query: ContactRecordQuery | undefined;
  /** UTC days (`YYYY-MM-DD`) of the rows the query's range touched: its partitions. */
  readonly partitions: string[];
}

/**
 * Simulated Amazon Athena for the product's contact-record queries (see README.md for what is
 * and is not modelled). Pure state; {@link startConnectSimulator} puts it behind HTTP.
 */
class AthenaSimulator {
  readonly #rows: ContactRecordRow[];
  readonly #database: string;
  readonly #table: string;
  readonly #queuedPolls: number;
  readonly #runningPolls: number;
  readonly #executions = new Map<string, SimulatedExecution>();
  readonly #faults: AthenaFault[] = [];
  /** Calls received, by action (for tests). */
  public readonly calls: Record<string, number> = {};

  public constructor(options: AthenaSimulatorOptions) {
    this.#rows = [...options.rows];
    this.#database = options.database ?? 'connect_datalake';
    this.#table = options.table ?? 'contact_record';
    this.#queuedPolls = options.queuedPolls ?? 1;
    this.#runningPolls = options.runningPolls ?? 1;
  }

  /** Queues a fault for the next matching call or query. */
  public inject(fault: AthenaFault): void {
    this.#faults.push(fault);
  }

  /** Every execution started so far, oldest first. */
  public get executions(): readonly SimulatedExecution[] {
    return [...this.#executions.values()];
  }

  /** Dispatches one AWS JSON 1.1 action (`StartQueryExecution`, ...). */
  public handle(action: string, body: Record<string, unknown>): unknown {
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    this.#maybeThrottle(action);
    switch (action) {
      case 'StartQueryExecution':
        return this.#start(body);
      case 'GetQueryExecution':
        return { QueryExecution: this.#describe(this.#poll(this.#get(body))) };
      case 'GetQueryResults':
        return this.#results(body);
      case 'StopQueryExecution': {
        const e = this.#get(body);
        if (!isFinal(this.#state(e))) {
          e.cancelled = true;
          e.completedAt = Date.now();
        }
        return {};
      }
      default:
        throw new SimulatedInvalidRequestError('UnknownOperationException', `The simulator does not implement ${action}`);
    }
  }

  #maybeThrottle(action: string): void {
    const i = this.#faults.findIndex((f) => f.kind === 'throttle' && (f.action === undefined || f.action === action));
    const fault = this.#faults[i];
    if (i < 0 || fault?.kind !== 'throttle') return;
    const times = (fault.times ?? 1) - 1;
    if (times > 0) this.#faults[i] = { ...fault, times };
    else this.#faults.splice(i, 1);
    throw new SimulatedThrottlingError(fault.errorType ?? 'TooManyRequestsException', 400);
  }

  #takeQueryFault(): AthenaFault | undefined {
    const i = this.#faults.findIndex((f) => f.kind !== 'throttle');
    return i < 0 ? undefined : this.#faults.splice(i, 1)[0];
  }

  #start(body: Record<string, unknown>): { QueryExecutionId: string } {
    const sql = typeof body.QueryString === 'string' ? body.QueryString : '';
    const query = parseContactRecordQuery(sql);
    const context = (body.QueryExecutionContext ?? {}) as Record<string, unknown>;
    const result = (body.ResultConfiguration ?? {}) as Record<string, unknown>;
    const fault = this.#takeQueryFault();
    let final: QueryState = 'SUCCEEDED';
    let finalReason: string | undefined;
    if (query.database !== this.#database || query.table !== this.#table) {
      final = 'FAILED';
      finalReason = `TABLE_NOT_FOUND: line 1:1: Table '${query.database}.${query.table}' does not exist`;
    } else if (fault?.kind === 'fail-next-query') {
      final = 'FAILED';
      finalReason = fault.message ?? 'INTERNAL_ERROR_QUERY_ENGINE: simulated failure';
    } else if (fault?.kind === 'cancel-next-query') {
      final = 'CANCELLED';
      finalReason = 'Query was cancelled by the simulator';
    }
    const id = randomUUID();
    const days = new Set<string>();
    for (const row of this.#matching(query)) days.add(row.initiation_timestamp.slice(0, 10));
    this.#executions.set(id, {
      id,
      sql,
      workGroup: typeof body.WorkGroup === 'string' ? body.WorkGroup : 'primary',
      database: typeof context.Database === 'string' ? context.Database : undefined,
      catalog: typeof context.Catalog === 'string' ? context.Catalog : undefined,
      outputLocation: typeof result.OutputLocation === 'string' ? result.OutputLocation : undefined,
      submittedAt: Date.now(),
      final,
      finalReason,
      polls: 0,
      cancelled: false,
      completedAt: undefined,
      query,
      partitions: [...days].sort(),
    });
    return { QueryExecutionId: id };
  }

  #get(body: Record<string, unknown>): SimulatedExecution {
    const id = body.QueryExecutionId;
    const e = typeof id === 'string' ? this.#executions.get(id) : undefined;
    if (!e)
      throw new SimulatedInvalidRequestError('InvalidRequestException', `QueryExecution ${String(id)} was not found`, {
        AthenaErrorCode: 'INVALID_INPUT',
      });
    return e;
  }

  #poll(e: SimulatedExecution): SimulatedExecution {
    e.polls += 1;
    if (isFinal(this.#state(e)) && e.completedAt === undefined) e.completedAt = Date.now();
    return e;
  }

  #state(e: SimulatedExecution): QueryState {
    if (e.cancelled) return 'CANCELLED';
    if (e.polls <= this.#queuedPolls) return 'QUEUED';
    if (e.polls <= this.#queuedPolls + this.#runningPolls) return 'RUNNING';
    return e.final;
  }

  #describe(e: SimulatedExecution): Record<string, unknown> {
    const state = this.#state(e);
    const status: Record<string, unknown> = { State: state, SubmissionDateTime: e.submittedAt / 1000 };
    if (isFinal(state) && e.completedAt !== undefined) status.CompletionDateTime = e.completedAt / 1000;
    if (state === 'FAILED' || state === 'CANCELLED') status.StateChangeReason = e.finalReason ?? 'Query was cancelled';
    if (state === 'FAILED') status.AthenaError = { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: e.finalReason };
    return {
      QueryExecutionId: e.id,
      Query: e.sql,
      StatementType: 'DML',
      WorkGroup: e.workGroup,
      QueryExecutionContext: { Database: e.database, Catalog: e.catalog },
      ResultConfiguration: e.outputLocation ? { OutputLocation: `${e.outputLocation.replace(/\/$/, '')}/${e.id}.csv` } : undefined,
      Status: status,
    };
  }

  *#matching(query: ContactRecordQuery): Generator<ContactRecordRow> {
    for (const row of this.#rows) {
      const t = Date.parse(row.initiation_timestamp);
      if (row.instance_id === query.instanceId && t >= query.fromMs && t < query.toMs) yield row;
    }
  }

  #results(body: Record<string, unknown>): Record<string, unknown> {
    const e = this.#get(body);
    const state = this.#state(e);
    if (state !== 'SUCCEEDED') {
      throw new SimulatedInvalidRequestError('InvalidRequestException', `Query has not yet finished. Current state: ${state}`, {
        AthenaErrorCode: 'INVALID_INPUT',
      });
    }
    const query = e.query as ContactRecordQuery;
    const max = typeof body.MaxResults === 'number' ? body.MaxResults : ATHENA_MAX_RESULTS;
    if (!Number.isInteger(max) || max < 1 || max > ATHENA_MAX_RESULTS) {
      throw new SimulatedInvalidRequestError('InvalidRequestException', `MaxResults must be 1-${ATHENA_MAX_RESULTS}`);
    }
    const offset = decodeToken(body.NextToken, e.id);
    // Row 0 is the header row, as Athena returns it for a SELECT.
    const header = { Data: query.select.map((s) => ({ VarCharValue: s.label })) };
    const all = [header, ...[...this.#matching(query)].map((row) => ({ Data: query.select.map((s) => datum(row, s.column, s.render)) }))];
    const page = all.slice(offset, offset + max);
    const next = offset + max < all.length ? encodeToken(e.id, offset + max) : undefined;
    return {
      ResultSet: {
        Rows: page,
        ResultSetMetadata: {
          ColumnInfo: query.select.map((s) => ({
            CatalogName: 'hive',
            SchemaName: '',
            TableName: '',
            Name: s.label,
            Label: s.label,
            Type: s.render === 'json' ? 'varchar' : (COLUMNS_BY_NAME.get(s.column)?.type ?? 'varchar'),
            Precision: 0,
            Scale: 0,
            Nullable: 'UNKNOWN',
            CaseSensitive: false,
          })),
        },
      },
      UpdateCount: 0,
      ...(next ? { NextToken: next } : {}),
    };
  }
}

function isFinal(state: QueryState): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
}

/** One cell as Athena renders it: text in `VarCharValue`, SQL NULL as an empty Datum. */
function datum(row: ContactRecordRow, column: string, render: 'plain' | 'json'): { VarCharValue?: string } {
  const value = row[column];
  if (value === null || value === undefined) return {};
  if (typeof value === 'object') return { VarCharValue: render === 'json' ? JSON.stringify(value) : renderAthenaMap(value) };
  if (COLUMNS_BY_NAME.get(column)?.type === 'timestamp' && typeof value === 'string') return { VarCharValue: renderAthenaTimestamp(value) };
  return { VarCharValue: String(value) };
}

function encodeToken(id: string, offset: number): string {
  return Buffer.from(JSON.stringify({ id, offset })).toString('base64url');
}

function decodeToken(token: unknown, id: string): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { id?: unknown; offset?: unknown };
    if (parsed.id === id && typeof parsed.offset === 'number') return parsed.offset;
  } catch {
    // fall through
  }
  throw new SimulatedInvalidRequestError('InvalidRequestException', 'NextToken is not valid for this query execution', {
    AthenaErrorCode: 'INVALID_INPUT',
  });
}

export { ATHENA_MAX_RESULTS, AthenaSimulator };
export type { AthenaFault, AthenaSimulatorOptions, QueryState, SimulatedExecution };
