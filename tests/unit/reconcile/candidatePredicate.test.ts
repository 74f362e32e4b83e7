import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PREDICATE, predicateToSoql } from '../../../src/reconcile/candidatePredicate.ts';
import { ConfigError } from '../../../src/errors.ts';

test('the default predicate needs both CTR markers to be empty', () => {
  assert.equal(predicateToSoql(), 'CustomerHoldDuration = null AND DisconnectReason = null');
  assert.equal(predicateToSoql(DEFAULT_PREDICATE), 'CustomerHoldDuration = null AND DisconnectReason = null');
});

test('AND inside OR is parenthesised, as SOQL requires, keeping AND before OR', () => {
  assert.equal(predicateToSoql('A = null AND B = null OR C = null'), '(A = null AND B = null) OR C = null');
  assert.equal(
    predicateToSoql('A = null OR B = 1 AND NOT C = true OR (D = null AND E = null)'),
    'A = null OR (B = 1 AND NOT C = true) OR (D = null AND E = null)',
  );
  assert.equal(predicateToSoql('A = null AND B = null'), 'A = null AND B = null');
});

test('accepts AND, OR, NOT, parentheses, booleans and numbers, and rebuilds the SOQL', () => {
  assert.equal(
    predicateToSoql('(CustomerHoldDuration = NULL or QueueName=null) and not Synced__c = TRUE'),
    '(CustomerHoldDuration = null OR QueueName = null) AND NOT Synced__c = true',
  );
  assert.equal(predicateToSoql('NumberOfHolds != 0'), 'NumberOfHolds != 0');
});

const injections = [
  "VendorCallKey = 'x' OR Id != null",
  'CustomerHoldDuration = null) OR (Id != null',
  'CustomerHoldDuration = null LIMIT 1',
  'CustomerHoldDuration = null; DELETE',
  'Id IN (SELECT Id FROM Account)',
  'CustomerHoldDuration < 5',
  '',
  'AND = null',
];
for (const text of injections) {
  test(`refuses ${JSON.stringify(text)}`, () => {
    assert.throws(
      () => predicateToSoql(text),
      (e: unknown) => e instanceof ConfigError && e.setting === '--predicate',
    );
  });
}
