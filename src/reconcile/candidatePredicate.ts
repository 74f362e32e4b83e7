import { ConfigError } from '../errors.ts';

/**
 * The "lacks CTR data" predicate for `--mode missing`: a small, validated condition language that
 * is turned into SOQL, so a flag can never inject SOQL. Grammar:
 *
 * ```
 * expr := term (OR term)* ; term := factor (AND factor)* ; factor := NOT factor | '(' expr ')' | cmp
 * cmp  := Field ('=' | '!=') (null | true | false | <integer>)
 * ```
 * Field is a VoiceCall field name (letters, digits, underscores; custom fields end in `__c`).
 */

/** The default: both markers a synced CTR always fills (scv-internals.md §3.3, §6). */
const DEFAULT_PREDICATE = 'CustomerHoldDuration = null AND DisconnectReason = null';

const TOKEN = /\s*(?:(\()|(\))|(!=|=)|([A-Za-z][A-Za-z0-9_]*)|(-?\d{1,15}))/y;

type Token = { kind: 'open' | 'close' | 'op' | 'word' | 'number'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw predicateError(`unexpected ${JSON.stringify(text.slice(at, at + 12))}`);
    if (m[1]) tokens.push({ kind: 'open', text: '(' });
    else if (m[2]) tokens.push({ kind: 'close', text: ')' });
    else if (m[3]) tokens.push({ kind: 'op', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'word', text: m[4] });
    else if (m[5]) tokens.push({ kind: 'number', text: m[5] });
  }
  return tokens;
}

function predicateError(detail: string): ConfigError {
  return new ConfigError(
    '--predicate',
    `--predicate: ${detail}. Use conditions like "${DEFAULT_PREDICATE}" (fields compared with = or != to null, true, false or a whole number, joined by AND, OR, NOT and parentheses).`,
  );
}

/**
 * Validates a predicate and returns its SOQL text, rebuilt from tokens.
 *
 * @throws ConfigError naming `--predicate` when it is not in the grammar
 */
function predicateToSoql(text: string = DEFAULT_PREDICATE): string {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isKeyword = (t: Token | undefined, k: string) => t?.kind === 'word' && t.text.toUpperCase() === k;
  const expr = (): string => {
    const parts = [term()];
    while (isKeyword(peek(), 'OR')) {
      i += 1;
      parts.push(term());
    }
    // SOQL refuses AND and OR side by side without parentheses: keep the grammar's precedence explicit.
    if (parts.length === 1) return (parts[0] as string[]).join(' AND ');
    return parts.map((factors) => (factors.length > 1 ? `(${factors.join(' AND ')})` : factors.join(''))).join(' OR ');
  };
  const term = (): string[] => {
    const parts = [factor()];
    while (isKeyword(peek(), 'AND')) {
      i += 1;
      parts.push(factor());
    }
    return parts;
  };
  const factor = (): string => {
    const t = peek();
    if (isKeyword(t, 'NOT')) {
      i += 1;
      return `NOT ${factor()}`;
    }
    if (t?.kind === 'open') {
      i += 1;
      const inner = expr();
      if (peek()?.kind !== 'close') throw predicateError('missing ")"');
      i += 1;
      return `(${inner})`;
    }
    if (t?.kind !== 'word' || ['AND', 'OR', 'NOT', 'NULL', 'TRUE', 'FALSE'].includes(t.text.toUpperCase())) {
      throw predicateError(`expected a field name, got ${t ? JSON.stringify(t.text) : 'the end'}`);
    }
    i += 1;
    const op = peek();
    if (op?.kind !== 'op') throw predicateError(`expected = or != after ${t.text}`);
    i += 1;
    const value = peek();
    i += 1;
    if (value?.kind === 'number') return `${t.text} ${op.text} ${value.text}`;
    if (value?.kind === 'word' && ['NULL', 'TRUE', 'FALSE'].includes(value.text.toUpperCase()))
      return `${t.text} ${op.text} ${value.text.toLowerCase()}`;
    throw predicateError(`${t.text} ${op.text} must be followed by null, true, false or a whole number`);
  };
  if (tokens.length === 0) throw predicateError('it is empty');
  const soql = expr();
  if (i !== tokens.length) throw predicateError(`unexpected ${JSON.stringify(tokens[i]?.text)}`);
  return soql;
}

export { DEFAULT_PREDICATE, predicateToSoql };
