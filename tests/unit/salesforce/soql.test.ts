import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidIdentifierError } from '../../../src/errors.ts';
import { salesforceId18, soqlDateTime, soqlIdList, soqlString } from '../../../src/salesforce/soql.ts';
import { validateSalesforceId } from '../../../src/validation/salesforceId.ts';

describe('soqlString', () => {
  const rows: readonly (readonly [string, string, string])[] = [
    ['plain text', 'abc', "'abc'"],
    ['single quote', "O'Brien", "'O\\'Brien'"],
    ['double quote', 'say "hi"', '\'say \\"hi\\"\''],
    ['backslash', 'a\\b', "'a\\\\b'"],
    ['backslash before a quote cannot unescape it', "\\'", "'\\\\\\''"],
    ['newline, return, tab', 'a\nb\rc\td', "'a\\nb\\rc\\td'"],
    ['backspace and form feed', '\b\f', "'\\b\\f'"],
    ['other control characters as \\uXXXX', '\u0000\u0001\u001b\u007f', "'\\u0000\\u0001\\u001b\\u007f'"],
    ['line and paragraph separators', '\u2028\u2029', "'\\u2028\\u2029'"],
    ['LIKE wildcards are left alone (only special inside LIKE)', '50%_off', "'50%_off'"],
    ['non-ASCII is kept', 'Lächeln 一些 😀', "'Lächeln 一些 😀'"],
    ['empty string', '', "''"],
  ];
  for (const [name, input, expected] of rows) {
    test(name, () => assert.equal(soqlString(input), expected));
  }

  test('an injection attempt stays one literal', () => {
    const attack = "x' OR Name != '' OR Id IN (SELECT Id FROM User) --";
    const literal = soqlString(attack);
    const soql = `SELECT Id FROM VoiceCall WHERE VendorCallKey = ${literal}`;
    // Every quote inside the literal is escaped: the only unescaped quotes are the two delimiters.
    const unescapedQuotes = [...soql.matchAll(/(?<!\\)(?:\\\\)*'/g)].length;
    assert.equal(unescapedQuotes, 2);
    assert.ok(soql.endsWith(`--'`));
    assert.ok(literal.startsWith("'x\\' OR Name != \\'\\' OR"));
  });

  test('a trailing backslash cannot escape the closing quote', () => {
    assert.equal(soqlString('abc\\'), "'abc\\\\'");
  });

  test('rejects lone surrogates and non-strings', () => {
    assert.throws(() => soqlString('a\ud800b'), TypeError);
    assert.throws(() => soqlString('\udc00'), TypeError);
    assert.throws(() => soqlString(42 as unknown as string), TypeError);
  });
});

describe('soqlDateTime', () => {
  const rows: readonly (readonly [string, Date, string])[] = [
    ['UTC with whole seconds', new Date('2024-05-01T10:00:00Z'), '2024-05-01T10:00:00Z'],
    ['milliseconds are floored', new Date('2024-05-01T10:00:00.999Z'), '2024-05-01T10:00:00Z'],
    ['offsets become UTC', new Date('2024-05-01T12:00:00+02:00'), '2024-05-01T10:00:00Z'],
  ];
  for (const [name, input, expected] of rows) {
    test(name, () => assert.equal(soqlDateTime(input), expected));
  }
  test('rejects invalid and out-of-range dates', () => {
    assert.throws(() => soqlDateTime(new Date('nope')), TypeError);
    assert.throws(() => soqlDateTime(new Date('1600-01-01T00:00:00Z')), TypeError);
    assert.throws(() => soqlDateTime('2024-01-01' as unknown as Date), TypeError);
  });
});

describe('validateSalesforceId', () => {
  const valid: readonly (readonly [string, string])[] = [
    ['a 15-character Id', '0015000000Gv7qJ'],
    ['an 18-character Id with the right checksum', '0015000000Gv7qJAAR'],
    ['another known pair', '001A0000006Vm9rIAC'],
  ];
  for (const [name, id] of valid) test(`accepts ${name}`, () => assert.equal(validateSalesforceId(id), id));

  const invalid: readonly (readonly [string, unknown])[] = [
    ['a wrong checksum', '0015000000Gv7qJAAA'],
    ['a lowercase checksum', '0015000000Gv7qJaar'],
    ['16 characters', '0015000000Gv7qJA'],
    ['14 characters', '0015000000Gv7q'],
    ['a quote', "0015000000Gv7q'"],
    ['a SOQL injection', "0LQ' OR Id != '"],
    ['a path traversal', '../../../etc/pa'],
    ['a space', '0015000000Gv7q '],
    ['non-ASCII letters', '0015000000Gv7qé'],
    ['a number', 15],
    ['undefined', undefined],
  ];
  for (const [name, id] of invalid) test(`rejects ${name}`, () => assert.throws(() => validateSalesforceId(id), InvalidIdentifierError));

  test('checks the prefix', () => {
    assert.equal(validateSalesforceId('0LQ5g000000AbCdGAK', { prefix: '0LQ' }), '0LQ5g000000AbCdGAK');
    assert.throws(
      () => validateSalesforceId('0015000000Gv7qJAAR', { prefix: '0LQ', kind: 'VoiceCall Id' }),
      (e: unknown) => e instanceof InvalidIdentifierError && e.kind === 'VoiceCall Id' && /0LQ/.test(e.message),
    );
    assert.throws(() => validateSalesforceId('0015000000Gv7qJ', { prefix: "0'" }), TypeError);
  });

  test('salesforceId18 converts 15 to 18 and keeps 18', () => {
    assert.equal(salesforceId18('0015000000Gv7qJ'), '0015000000Gv7qJAAR');
    assert.equal(salesforceId18('0015000000Gv7qJAAR'), '0015000000Gv7qJAAR');
  });
});

describe('soqlIdList', () => {
  test('quotes, validates and de-duplicates', () => {
    assert.equal(soqlIdList(['0015000000Gv7qJAAR', '001A0000006Vm9rIAC', '0015000000Gv7qJAAR']), "('0015000000Gv7qJAAR','001A0000006Vm9rIAC')");
  });
  test('rejects an empty list and any invalid Id', () => {
    assert.throws(() => soqlIdList([]), TypeError);
    assert.throws(() => soqlIdList(['0015000000Gv7qJAAR', "x') OR (Id != '"]), InvalidIdentifierError);
    assert.throws(() => soqlIdList(['0015000000Gv7qJAAR'], { prefix: '0LQ' }), InvalidIdentifierError);
  });
});
