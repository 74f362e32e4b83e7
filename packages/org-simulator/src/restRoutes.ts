import { SimulatorApiError } from './simulatorErrors.ts';
import { jsonBody, route, type Route, type RouteHandler, type SimRequest, type SimResponse } from './httpRouter.ts';
import { batchSizeFrom, type QueryCursors } from './QueryCursors.ts';
import type { ApiUsage } from './RequestCounters.ts';
import { renderStoredRecord } from './renderVoiceCall.ts';
import { canonicalId } from './salesforceId.ts';
import type { SimulatorConfig } from './SimulatorConfig.ts';
import { checkCompositeRecord, checkUpdate, type CompositeCheck, type RecordError } from './sobjectWrites.ts';
import { compileSoql } from './soql/compileSoql.ts';
import { executeSoql } from './soql/executeSoql.ts';
import { parseSoql } from './soql/parseSoql.ts';
import type { TokenStore } from './TokenStore.ts';
import type { FieldDef } from './voiceCallSchema.ts';
import type { VoiceCallStore } from './VoiceCallStore.ts';

/** What the REST API needs from the simulator. */
interface RestDeps {
  readonly url: string;
  readonly store: VoiceCallStore;
  readonly cursors: QueryCursors;
  readonly tokens: TokenStore;
  readonly apiUsage: ApiUsage;
  config(): SimulatorConfig;
  now(): number;
}

/** Most records one sObject Collections request may carry. */
const COMPOSITE_MAX_RECORDS = 200;
const NOT_FOUND = (): SimulatorApiError => new SimulatorApiError('NOT_FOUND', 'The requested resource does not exist', { status: 404 });
const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/** Wraps a handler with the session check (401 INVALID_SESSION_ID) and the daily allowance (403). */
function guarded(deps: RestDeps, handler: RouteHandler): RouteHandler {
  return (request) => {
    const now = deps.now();
    const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || !deps.tokens.isValid(token, now))
      throw new SimulatorApiError('INVALID_SESSION_ID', 'Session expired or invalid', { status: 401 });
    if (deps.apiUsage.used(now) >= deps.config().dailyApiLimit)
      throw new SimulatorApiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { status: 403 });
    deps.apiUsage.record(now);
    return handler(request);
  };
}

function query(deps: RestDeps, request: SimRequest): SimResponse {
  const q = request.query.get('q');
  if (q === null || q.trim() === '') throw new SimulatorApiError('MALFORMED_QUERY', 'A query string has to be specified', { status: 400 });
  const compiled = compileSoql(deps.store, parseSoql(q));
  const rows = executeSoql(deps.store, compiled);
  const config = deps.config();
  const page = deps.cursors.firstPage(
    request.params.version as string,
    compiled.fields,
    rows,
    batchSizeFrom(request.headers['sforce-query-options']),
    {
      now: deps.now(),
      ttlMs: config.queryLocatorTtlSeconds * 1000,
      maxOpen: config.maxOpenQueryCursors,
    },
  );
  return { status: 200, body: page };
}

function queryMore(deps: RestDeps, request: SimRequest): SimResponse {
  const locator = request.params.locator as string;
  const page = deps.cursors.page(request.params.version as string, locator, batchSizeFrom(request.headers['sforce-query-options']), deps.now());
  if (page === undefined) throw new SimulatorApiError('INVALID_QUERY_LOCATOR', `invalid query locator: ${locator}`, { status: 400 });
  return { status: 200, body: page };
}

function recordRow(deps: RestDeps, id: string): number {
  const canonical = canonicalId(id);
  if (canonical === undefined)
    throw new SimulatorApiError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${id}`, { status: 404 });
  const row = deps.store.rowOfId(canonical);
  if (row === undefined) throw NOT_FOUND();
  return row;
}

function getRecord(deps: RestDeps, request: SimRequest): SimResponse {
  const row = recordRow(deps, request.params.id as string);
  const fieldsParam = request.query.get('fields');
  let fields: readonly FieldDef[] = deps.store.fields;
  if (fieldsParam !== null) {
    fields = fieldsParam.split(',').map((name) => {
      const def = deps.store.field(name.trim());
      if (def === undefined)
        throw new SimulatorApiError('INVALID_FIELD', `No such column '${name.trim()}' on sobject of type VoiceCall`, { status: 400 });
      return def;
    });
  }
  return { status: 200, body: renderStoredRecord(deps.store, request.params.version as string, row, fields) };
}

function patchRecord(deps: RestDeps, request: SimRequest): SimResponse {
  const row = recordRow(deps, request.params.id as string);
  const body = jsonBody(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SimulatorApiError('JSON_PARSER_ERROR', 'The request body must be a JSON object of field values.', { status: 400 });
  const check = checkUpdate(deps.store, body as Record<string, unknown>, false);
  if (!check.ok) return { status: 400, body: [{ message: check.error.message, errorCode: check.error.statusCode, fields: check.error.fields }] };
  deps.store.update(row, { ...check.values, LastModifiedDate: deps.now() });
  return { status: 204 };
}

function patchCollection(deps: RestDeps, request: SimRequest): SimResponse {
  const body = jsonBody(request) as { allOrNone?: unknown; records?: unknown } | null;
  const records = body?.records;
  if (!Array.isArray(records))
    throw new SimulatorApiError('JSON_PARSER_ERROR', 'The request body must be {"allOrNone": boolean, "records": [...]}.', { status: 400 });
  if (records.length > COMPOSITE_MAX_RECORDS)
    throw new SimulatorApiError(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${COMPOSITE_MAX_RECORDS} records into this call`,
      { status: 400 },
    );
  const allOrNone = body?.allOrNone === true;
  const checks: CompositeCheck[] = records.map((record) => checkCompositeRecord(deps.store, record));
  const failed = checks.some((c) => !c.ok);
  const now = deps.now();
  const results = checks.map((c) => {
    if (!c.ok) return { success: false, errors: [c.error] };
    if (allOrNone && failed) return { success: false, errors: [ROLLED_BACK] };
    deps.store.update(c.row, { ...c.values, LastModifiedDate: now });
    return { id: c.id, success: true, errors: [] };
  });
  return { status: 200, body: results };
}

function limits(deps: RestDeps): SimResponse {
  const max = deps.config().dailyApiLimit;
  return { status: 200, body: { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - deps.apiUsage.used(deps.now())) } } };
}

/** `GET /services/data`: the API versions (any `vNN.N` is accepted in paths anyway). */
function versions(): SimResponse {
  const body = [];
  for (let v = 58; v <= 66; v += 1) body.push({ label: `v${v}.0 (org simulator)`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return { status: 200, body };
}

/** The REST API routes: versions, limits, query (with locators), VoiceCall GET/PATCH and sObject Collections PATCH. */
function restRoutes(deps: RestDeps): Route[] {
  const g = (handler: (d: RestDeps, r: SimRequest) => SimResponse): RouteHandler => guarded(deps, (r) => handler(deps, r));
  return [
    route('GET', '/services/data', 'rest', () => versions()),
    route(
      'GET',
      '/services/data/{version}/limits',
      'rest',
      g((d) => limits(d)),
    ),
    route('GET', '/services/data/{version}/query', 'rest', g(query)),
    route('GET', '/services/data/{version}/query/{locator}', 'rest', g(queryMore)),
    route('GET', '/services/data/{version}/sobjects/VoiceCall/{id}', 'rest', g(getRecord)),
    route('PATCH', '/services/data/{version}/sobjects/VoiceCall/{id}', 'rest', g(patchRecord)),
    route('PATCH', '/services/data/{version}/composite/sobjects', 'rest', g(patchCollection)),
  ];
}

export { COMPOSITE_MAX_RECORDS, restRoutes };
export type { RestDeps };
