import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidContactId, validateContactId } from '../../../src/ctr/validateContactId.ts';
import { InvalidIdentifierError } from '../../../src/errors.ts';

const valid = ['c0ffee00-0000-4000-8000-000000000001', 'a', 'A.b_c-1', 'x'.repeat(256)];
const invalid = ['', '..', 'a..b', '../x', 'a/b', 'a\\b', '.hidden', 'tab\there', 'nul\u0000', 'x'.repeat(257), "o'brien", 'a b', 'é'];

test('accepts safe ContactIds', () => {
  for (const id of valid) assert.equal(validateContactId(id), id);
});

test('rejects ContactIds that could escape a key or path', () => {
  for (const id of invalid) {
    assert.equal(isValidContactId(id), false, JSON.stringify(id));
    assert.throws(() => validateContactId(id), InvalidIdentifierError);
  }
  assert.equal(isValidContactId(42), false);
});
