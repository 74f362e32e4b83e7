import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactPhoneNumbers } from '../../../src/logging/redact.ts';

test('redacts E.164 and formatted phone numbers, keeping the last two digits', () => {
  assert.equal(redactPhoneNumbers('from +15555550100 to (800) 555-0199'), 'from +*********00 to ********99');
});

test('leaves ids, timestamps and short numbers alone', () => {
  const text = 'contact c0ffee00-0000-4000-8000-000000000001 at 2022-01-05T17:48:35Z holds 221 s';
  assert.equal(redactPhoneNumbers(text), text);
});
