import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorApiError } from '../../src/simulatorErrors.ts';
import { parseSoql } from '../../src/soql/parseSoql.ts';
import { decodeSoqlString } from '../../src/soql/soqlLexer.ts';

function malformed(query: string, pattern: RegExp): void {
  assert.throws(
    () => parseSoql(query),
    (error: unknown) => {
      assert.ok(error instanceof SimulatorApiError);
      assert.equal(error.errorCode, 'MALFORMED_QUERY');
      assert.equal(error.status, 400);
      assert.match(error.message, pattern);
      return true;
    },
    query,
  );
}

function decode(raw: string, like = false): string {
  return decodeSoqlString(raw, like, (reason) => new Error(reason))
    .map((p) => ('literal' in p ? p.literal : `<${p.wildcard}>`))
    .join('');
}

describe('parseSoql', () => {
  it('parses fields, WHERE with nesting and NOT, ORDER BY and LIMIT, keywords in any case', () => {
    const q = parseSoql(
      "select Id, VendorCallKey from VoiceCall where (CustomerHoldDuration = null or not QueueName in ('a', 'b')) and CallStartDateTime >= 2024-01-01T00:00:00Z order by CallStartDateTime desc nulls last, Id limit 10",
    );
    assert.deepEqual(
      q.fields.map((f) => f.name),
      ['Id', 'VendorCallKey'],
    );
    assert.equal(q.object.name, 'VoiceCall');
    assert.equal(q.where?.kind, 'and');
    assert.deepEqual(
      q.orderBy.map((o) => [o.field.name, o.descending, o.nullsLast]),
      [
        ['CallStartDateTime', true, true],
        ['Id', false, false],
      ],
    );
    assert.equal(q.limit, 10);
  });

  it('reads dateTime, date, number, boolean and null literals, and != / <> / NOT IN', () => {
    const q = parseSoql(
      "SELECT Id FROM VoiceCall WHERE A = 2024-01-01T00:00:00.5+01:00 AND B = 2024-01-01 AND C > -3.5 AND D = TRUE AND E <> null AND F NOT IN ('x')",
    );
    assert.ok(q.where?.kind === 'and');
    const ops = q.where.items.map((c) => (c.kind === 'cmp' ? `${c.op}:${c.values.map((v) => v.kind).join(',')}` : c.kind));
    assert.deepEqual(ops, ['=:datetime', '=:date', '>:number', '=:boolean', '!=:null', 'NOT IN:string']);
  });

  it('refuses AND and OR mixed without parentheses, as Salesforce does', () => {
    malformed("SELECT Id FROM VoiceCall WHERE A = 'x' AND B = 'y' OR C = 'z'", /unexpected token: OR/);
  });

  it('points at the offending position', () => {
    malformed('SELECT Id FROM VoiceCall WHERE', /Row:1:Column:31\nunexpected token: EOF/);
    malformed('SELECT Id,, Name FROM VoiceCall', /Column:11/);
  });

  it('refuses what the simulator does not implement instead of answering wrongly', () => {
    malformed('SELECT COUNT() FROM VoiceCall', /function COUNT\(\) is not supported by the org simulator/);
    malformed('SELECT Id FROM VoiceCall GROUP BY QueueName', /GROUP clause is not supported/);
    malformed('SELECT Id FROM VoiceCall LIMIT 10 OFFSET 5', /OFFSET clause is not supported/);
    malformed('SELECT Id FROM VoiceCall WHERE CreatedDate = TODAY', /date literal TODAY is not supported/);
    malformed('SELECT Id FROM VoiceCall WHERE CreatedDate = LAST_N_DAYS:7', /LAST_N_DAYS:n is not supported/);
    malformed('SELECT Id FROM VoiceCall WHERE Id = :id', /bind variable is not supported/);
    malformed('SELECT Owner.Name FROM VoiceCall', /relationship field/);
    malformed('SELECT Id FROM VoiceCall v', /alias is not supported/);
    malformed('SELECT Id, (SELECT Id FROM Tasks) FROM VoiceCall', /subquery is not supported/);
  });

  it('refuses bad syntax', () => {
    malformed("SELECT Id FROM VoiceCall WHERE QueueName = 'open", /Unterminated string/);
    malformed('SELECT Id FROM VoiceCall WHERE QueueName = "x"', /single quotes/);
    malformed('SELECT Id FROM VoiceCall LIMIT -1', /LIMIT must be a non-negative integer/);
    malformed('SELECT FROM VoiceCall', /unexpected token: FROM/);
    malformed("SELECT Id FROM VoiceCall WHERE (QueueName = 'x'", /unexpected token: EOF/);
  });
});

describe('decodeSoqlString', () => {
  it('decodes every documented escape', () => {
    assert.equal(decode('it\\\'s \\"q\\" a\\\\b \\n\\N\\r\\R\\t\\T\\b\\B\\f\\F \\u00e9'), 'it\'s "q" a\\b \n\n\r\r\t\t\b\b\f\f é');
  });

  it('keeps \\_ and \\% literal in LIKE, where bare _ and % are wildcards', () => {
    assert.equal(decode('a\\_b%c_', true), 'a_b<%>c<_>');
    assert.equal(decode('100\\%', true), '100%');
  });

  it('refuses \\_ and \\% outside LIKE and unknown escapes', () => {
    assert.throws(() => decode('a\\_b'), /Illegal character sequence '\\_'/);
    assert.throws(() => decode('a\\%'), /Illegal character sequence '\\%'/);
    assert.throws(() => decode('a\\x'), /Illegal character sequence '\\x'/);
  });
});
