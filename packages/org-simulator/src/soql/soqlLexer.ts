// Hand-written SOQL tokenizer: no library parses SOQL, and the simulator needs exact error
// positions and Salesforce's literal rules (unquoted dateTime/date literals, backslash escapes).
import { soqlError, unsupported } from './soqlError.ts';

type TokenKind = 'ident' | 'string' | 'number' | 'datetime' | 'date' | 'op' | '(' | ')' | ',' | 'eof';

/** One token; `text` is the source text (for strings: the raw content between the quotes). */
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
}

const DATETIME_AT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/y;
const DATE_AT = /\d{4}-\d{2}-\d{2}(?![\dT])/y;
const NUMBER_AT = /-?\d+(?:\.\d+)?(?![\w.])/y;
const IDENT_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

function matchAt(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(text)?.[0];
}

/**
 * Splits a SOQL statement into tokens.
 *
 * @throws SimulatorApiError MALFORMED_QUERY for unterminated strings and unknown characters
 */
function tokenizeSoql(query: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < query.length) {
    const c = query[pos] as string;
    if (/\s/.test(c)) {
      pos += 1;
      continue;
    }
    if (c === "'") {
      let end = pos + 1;
      while (end < query.length && query[end] !== "'") end += query[end] === '\\' ? 2 : 1;
      if (end >= query.length)
        throw soqlError('MALFORMED_QUERY', query, pos, `Unterminated string literal starting at ${query.slice(pos, pos + 20)}`);
      tokens.push({ kind: 'string', text: query.slice(pos + 1, end), pos });
      pos = end + 1;
      continue;
    }
    if ('()'.includes(c) || c === ',') {
      tokens.push({ kind: c as '(' | ')' | ',', text: c, pos });
      pos += 1;
      continue;
    }
    const op = ['<=', '>=', '!=', '<>', '=', '<', '>'].find((o) => query.startsWith(o, pos));
    if (op !== undefined) {
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos });
      pos += op.length;
      continue;
    }
    const literal = (['datetime', 'date', 'number'] as const)
      .map((kind) => ({ kind, text: matchAt(kind === 'datetime' ? DATETIME_AT : kind === 'date' ? DATE_AT : NUMBER_AT, query, pos) }))
      .find((m) => m.text !== undefined);
    if (literal?.text !== undefined) {
      tokens.push({ kind: literal.kind, text: literal.text, pos });
      pos += literal.text.length;
      continue;
    }
    const ident = matchAt(IDENT_AT, query, pos);
    if (ident !== undefined) {
      if (query[pos + ident.length] === '.') throw soqlError('MALFORMED_QUERY', query, pos, unsupported('A relationship field (dotted name)'));
      tokens.push({ kind: 'ident', text: ident, pos });
      pos += ident.length;
      continue;
    }
    if (c === ':') {
      const what = tokens.at(-1)?.kind === 'ident' ? `The date literal ${tokens.at(-1)?.text}:n` : 'A bind variable';
      throw soqlError('MALFORMED_QUERY', query, pos, unsupported(what));
    }
    if (c === '"') throw soqlError('MALFORMED_QUERY', query, pos, "unexpected token: '\"' (string literals use single quotes)");
    throw soqlError('MALFORMED_QUERY', query, pos, `unexpected token: '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '', pos: query.length });
  return tokens;
}

/** A decoded LIKE pattern piece: literal text, `%` (any run) or `_` (any one character). */
type LikePiece = { readonly literal: string } | { readonly wildcard: '%' | '_' };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/**
 * Decodes the escape sequences of a string literal's raw content (`\n \N \r \R \t \T \b \B \f \F
 * \" \' \\ \uXXXX`; `\_` and `\%` only in LIKE patterns, where unescaped `%` and `_` are wildcards).
 *
 * @param raw - the characters between the quotes
 * @param like - whether the literal is a LIKE pattern
 * @param fail - builds the error for an illegal sequence
 */
function decodeSoqlString(raw: string, like: boolean, fail: (reason: string) => Error): LikePiece[] {
  const pieces: LikePiece[] = [];
  let literal = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i] as string;
    if (like && (c === '%' || c === '_')) {
      if (literal) pieces.push({ literal });
      literal = '';
      pieces.push({ wildcard: c });
      continue;
    }
    if (c !== '\\') {
      literal += c;
      continue;
    }
    const next = raw[i + 1] ?? '';
    const lower = next.toLowerCase();
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      literal += String.fromCharCode(Number.parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (lower.length === 1 && 'nrtbf'.includes(lower)) {
      literal += ESCAPES[lower];
      i += 1;
    } else if (next === '"' || next === "'" || next === '\\') {
      literal += next;
      i += 1;
    } else if (like && (next === '_' || next === '%')) {
      literal += next;
      i += 1;
    } else {
      throw fail(`Invalid string literal '${raw}'. Illegal character sequence '\\${next}' in string literal.`);
    }
  }
  if (literal) pieces.push({ literal });
  return pieces;
}

export { decodeSoqlString, tokenizeSoql };
export type { LikePiece, Token, TokenKind };
