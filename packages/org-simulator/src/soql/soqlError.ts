import { SimulatorApiError } from '../simulatorErrors.ts';

/**
 * A 400 answer to a query, worded as Salesforce words it: the query, a caret under the offending
 * position, `ERROR at Row:R:Column:C`, then the reason.
 *
 * @param errorCode - MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE or INVALID_QUERY_FILTER_OPERATOR
 * @param query - the SOQL text
 * @param pos - offset of the offending token in `query`
 * @param reason - what is wrong
 */
function soqlError(errorCode: string, query: string, pos: number, reason: string): SimulatorApiError {
  const before = query.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = pos - lineStart + 1;
  const lineEnd = query.indexOf('\n', pos);
  const line = query.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const message = `\n${line}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
  return new SimulatorApiError(errorCode, message, { status: 400 });
}

/** The reason text for syntax the simulator does not implement (valid or not in a real org). */
function unsupported(what: string): string {
  return `${what} is not supported by the org simulator (it implements a SOQL subset on VoiceCall; see docs/simulator.md)`;
}

export { soqlError, unsupported };
