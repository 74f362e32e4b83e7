// Hand-written recursive-descent parser for the SOQL subset the simulator answers (no library
// parses SOQL). It builds a syntax tree only; field names and literal types are checked against
// the VoiceCall schema in compileSoql.ts. Everything outside the subset is refused with
// MALFORMED_QUERY, never answered with a wrong result.
import { soqlError, unsupported } from './soqlError.ts';
import { type Token, tokenizeSoql } from './soqlLexer.ts';

/** A field name as written, with its position for error messages. */
interface FieldRef {
  readonly name: string;
  readonly pos: number;
}

/** A literal value in a WHERE clause. */
type Literal =
  | { readonly kind: 'string'; readonly raw: string; readonly pos: number }
  | { readonly kind: 'number' | 'datetime' | 'date'; readonly text: string; readonly pos: number }
  | { readonly kind: 'null'; readonly pos: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number };

type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN';

/** `field op value` or `field [NOT] IN (values)`. */
interface Comparison {
  readonly kind: 'cmp';
  readonly field: FieldRef;
  readonly op: ComparisonOperator;
  readonly values: readonly Literal[];
  readonly pos: number;
}

/** A WHERE condition tree. */
type Condition =
  | Comparison
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition };

interface OrderItem {
  readonly field: FieldRef;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

/** A parsed query. */
interface SoqlQuery {
  readonly text: string;
  readonly fields: readonly FieldRef[];
  readonly object: FieldRef;
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
}

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'LIMIT',
  'NULL',
  'TRUE',
  'FALSE',
  'GROUP',
  'HAVING',
  'OFFSET',
  'WITH',
  'FOR',
  'USING',
  'TYPEOF',
  'INCLUDES',
  'EXCLUDES',
]);
const UNSUPPORTED_CLAUSES = new Set(['GROUP', 'HAVING', 'OFFSET', 'WITH', 'FOR', 'USING', 'TYPEOF']);

class Parser {
  readonly #query: string;
  readonly #tokens: Token[];
  #i = 0;

  public constructor(query: string) {
    this.#query = query;
    this.#tokens = tokenizeSoql(query);
  }

  #peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#i + offset, this.#tokens.length - 1)] as Token;
  }

  #next(): Token {
    const t = this.#peek();
    this.#i += 1;
    return t;
  }

  #isKeyword(word: string, offset = 0): boolean {
    const t = this.#peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  #fail(token: Token, reason?: string): never {
    const what = token.kind === 'eof' ? 'EOF' : token.kind === 'string' ? `'${token.text}'` : token.text;
    throw soqlError('MALFORMED_QUERY', this.#query, token.pos, reason ?? `unexpected token: ${what}`);
  }

  #expectKeyword(word: string): Token {
    if (!this.#isKeyword(word)) this.#fail(this.#peek());
    return this.#next();
  }

  #fieldName(): FieldRef {
    const t = this.#peek();
    if (t.kind !== 'ident' || RESERVED.has(t.text.toUpperCase())) this.#fail(t);
    if (this.#peek(1).kind === '(') this.#fail(t, unsupported(`The function ${t.text}()`));
    this.#next();
    return { name: t.text, pos: t.pos };
  }

  public parse(): SoqlQuery {
    this.#expectKeyword('SELECT');
    if (this.#peek().kind === '(') this.#fail(this.#peek(), unsupported('A subquery'));
    const fields = [this.#fieldName()];
    while (this.#peek().kind === ',') {
      this.#next();
      if (this.#peek().kind === '(') this.#fail(this.#peek(), unsupported('A subquery'));
      fields.push(this.#fieldName());
    }
    this.#expectKeyword('FROM');
    const object = this.#fieldName();
    if (this.#peek().kind === ',') this.#fail(this.#peek(), unsupported('Querying several objects'));
    const alias = this.#peek();
    if (alias.kind === 'ident' && !RESERVED.has(alias.text.toUpperCase())) this.#fail(alias, unsupported('An object alias'));
    let where: Condition | undefined;
    if (this.#isKeyword('WHERE')) {
      this.#next();
      where = this.#orExpression();
    }
    const orderBy: OrderItem[] = [];
    this.#refuseUnsupportedClause();
    if (this.#isKeyword('ORDER')) {
      this.#next();
      this.#expectKeyword('BY');
      do {
        if (orderBy.length > 0) this.#next();
        orderBy.push(this.#orderItem());
      } while (this.#peek().kind === ',');
    }
    this.#refuseUnsupportedClause();
    let limit: number | undefined;
    if (this.#isKeyword('LIMIT')) {
      this.#next();
      const t = this.#next();
      if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.#fail(t, `LIMIT must be a non-negative integer, found '${t.text}'`);
      limit = Number(t.text);
    }
    this.#refuseUnsupportedClause();
    if (this.#peek().kind !== 'eof') this.#fail(this.#peek());
    return { text: this.#query, fields, object, where, orderBy, limit };
  }

  #refuseUnsupportedClause(): void {
    const t = this.#peek();
    if (t.kind === 'ident' && UNSUPPORTED_CLAUSES.has(t.text.toUpperCase())) this.#fail(t, unsupported(`The ${t.text.toUpperCase()} clause`));
  }

  #orderItem(): OrderItem {
    const field = this.#fieldName();
    let descending = false;
    if (this.#isKeyword('ASC') || this.#isKeyword('DESC')) descending = this.#next().text.toUpperCase() === 'DESC';
    let nullsLast = false;
    if (this.#isKeyword('NULLS')) {
      this.#next();
      if (this.#isKeyword('FIRST') || this.#isKeyword('LAST')) nullsLast = this.#next().text.toUpperCase() === 'LAST';
      else this.#fail(this.#peek());
    }
    return { field, descending, nullsLast };
  }

  /** AND and OR may not be mixed at one level without parentheses, as in Salesforce. */
  #orExpression(): Condition {
    const first = this.#unary();
    const joiner = this.#isKeyword('AND') ? 'AND' : this.#isKeyword('OR') ? 'OR' : undefined;
    if (joiner === undefined) return first;
    const items = [first];
    while (this.#isKeyword(joiner)) {
      this.#next();
      items.push(this.#unary());
    }
    if (this.#isKeyword(joiner === 'AND' ? 'OR' : 'AND')) this.#fail(this.#peek());
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  #unary(): Condition {
    if (this.#isKeyword('NOT')) {
      this.#next();
      return { kind: 'not', item: this.#unary() };
    }
    if (this.#peek().kind === '(') {
      this.#next();
      const inner = this.#orExpression();
      if (this.#peek().kind !== ')') this.#fail(this.#peek());
      this.#next();
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): Comparison {
    const field = this.#fieldName();
    const t = this.#next();
    if (t.kind === 'op') return { kind: 'cmp', field, op: t.text as ComparisonOperator, values: [this.#literal()], pos: t.pos };
    const word = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (word === 'LIKE') return { kind: 'cmp', field, op: 'LIKE', values: [this.#literal()], pos: t.pos };
    if (word === 'IN' || (word === 'NOT' && this.#isKeyword('IN'))) {
      if (word === 'NOT') this.#next();
      if (this.#peek().kind !== '(') this.#fail(this.#peek());
      this.#next();
      if (this.#isKeyword('SELECT')) this.#fail(this.#peek(), unsupported('A semi-join subquery'));
      const values = [this.#literal()];
      while (this.#peek().kind === ',') {
        this.#next();
        values.push(this.#literal());
      }
      if (this.#peek().kind !== ')') this.#fail(this.#peek());
      this.#next();
      return { kind: 'cmp', field, op: word === 'NOT' ? 'NOT IN' : 'IN', values, pos: t.pos };
    }
    if (word === 'INCLUDES' || word === 'EXCLUDES') this.#fail(t, unsupported(`The ${word} operator`));
    return this.#fail(t);
  }

  #literal(): Literal {
    const t = this.#next();
    if (t.kind === 'string') return { kind: 'string', raw: t.text, pos: t.pos };
    if (t.kind === 'number' || t.kind === 'datetime' || t.kind === 'date') return { kind: t.kind, text: t.text, pos: t.pos };
    if (t.kind === 'ident') {
      const word = t.text.toUpperCase();
      if (word === 'NULL') return { kind: 'null', pos: t.pos };
      if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', pos: t.pos };
      if (/^[A-Z_]+$/.test(word) && !RESERVED.has(word)) this.#fail(t, unsupported(`The date literal ${word}`));
    }
    return this.#fail(t);
  }
}

/**
 * Parses a SOQL statement of the supported subset.
 *
 * @param query - the SOQL text
 * @returns the syntax tree
 * @throws SimulatorApiError MALFORMED_QUERY (HTTP 400) for bad or unsupported syntax
 */
function parseSoql(query: string): SoqlQuery {
  return new Parser(query).parse();
}

export { parseSoql };
export type { Comparison, ComparisonOperator, Condition, FieldRef, Literal, OrderItem, SoqlQuery };
