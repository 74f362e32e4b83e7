import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorApiError } from '../../src/simulatorErrors.ts';
import { insertVoiceCalls } from '../../src/insertVoiceCalls.ts';
import { compileSoql } from '../../src/soql/compileSoql.ts';
import { executeSoql } from '../../src/soql/executeSoql.ts';
import { parseSoql } from '../../src/soql/parseSoql.ts';
import { VoiceCallStore } from '../../src/VoiceCallStore.ts';

// Prepare: five calls on 2024-01-01, one without a start time.
const store = new VoiceCallStore('Ab');
store.defineCustomField('Synced__c', 'boolean');
const ids = insertVoiceCalls(
  store,
  [
    { VendorCallKey: 'c-1', CallStartDateTime: '2024-01-01T08:00:00Z', QueueName: 'Sales', CustomerHoldDuration: 0, Synced__c: true },
    { VendorCallKey: 'c-2', CallStartDateTime: '2024-01-01T09:00:00Z', QueueName: 'support', CustomerHoldDuration: 30 },
    { VendorCallKey: 'C-3', CallStartDateTime: '2024-01-01T10:00:00Z', QueueName: null, CustomerHoldDuration: null },
    { VendorCallKey: "o'brien\\x", CallStartDateTime: '2024-01-01T11:00:00Z', QueueName: 'Support', CustomerHoldDuration: 5 },
    { VendorCallKey: 'c_5', CallStartDateTime: null, QueueName: 'Sales' },
  ],
  Date.UTC(2024, 0, 2),
);

function keys(soql: string): string[] {
  const compiled = compileSoql(store, parseSoql(soql));
  return [...executeSoql(store, compiled)].map((row) => store.value(row, 'VendorCallKey') as string);
}

function refused(soql: string, errorCode: string, pattern: RegExp): void {
  assert.throws(
    () => keys(soql),
    (error: unknown) => error instanceof SimulatorApiError && error.errorCode === errorCode && pattern.test(error.message),
    soql,
  );
}

describe('SOQL evaluation on VoiceCall', () => {
  it('filters with = null and != null', () => {
    assert.deepEqual(keys('SELECT Id FROM VoiceCall WHERE CustomerHoldDuration = null'), ['C-3', 'c_5']);
    assert.deepEqual(keys('SELECT Id FROM VoiceCall WHERE CustomerHoldDuration != null'), ['c-1', 'c-2', "o'brien\\x"]);
  });

  it('compares text without case, and != keeps nulls as SOQL does', () => {
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE QueueName = 'SUPPORT'"), ['c-2', "o'brien\\x"]);
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE QueueName != 'support'"), ['c-1', 'C-3', 'c_5']);
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE VendorCallKey IN ('c-3', 'C-1')"), ['c-1', 'C-3']);
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE QueueName NOT IN ('sales', 'support')"), ['C-3']);
  });

  it('uses string escapes in literals', () => {
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE VendorCallKey = 'O\\'Brien\\\\x'"), ["o'brien\\x"]);
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE VendorCallKey LIKE 'c\\_%'"), ['c_5']);
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE VendorCallKey LIKE 'c_%' ORDER BY VendorCallKey"), ['c-1', 'c-2', 'C-3', 'c_5']);
  });

  it('compares dateTimes with offsets and fractional seconds, and ranges use the start-time index', () => {
    assert.deepEqual(
      keys('SELECT Id FROM VoiceCall WHERE CallStartDateTime > 2024-01-01T09:00:00.000+00:00 AND CallStartDateTime <= 2024-01-01T12:00:00+01:00'),
      ['C-3', "o'brien\\x"],
    );
    assert.deepEqual(keys('SELECT Id FROM VoiceCall WHERE CallStartDateTime = 2024-01-01T10:00:00+01:00'), ['c-2']);
  });

  it('combines OR, AND and NOT with parentheses', () => {
    assert.deepEqual(keys("SELECT Id FROM VoiceCall WHERE (QueueName = 'sales' OR CustomerHoldDuration > 10) AND NOT VendorCallKey = 'c_5'"), [
      'c-1',
      'c-2',
    ]);
  });

  it('orders ASC/DESC with nulls first by default, NULLS LAST on request, and applies LIMIT', () => {
    assert.deepEqual(keys('SELECT Id FROM VoiceCall ORDER BY CallStartDateTime DESC'), ['c_5', "o'brien\\x", 'C-3', 'c-2', 'c-1']);
    assert.deepEqual(keys('SELECT Id FROM VoiceCall ORDER BY CustomerHoldDuration ASC NULLS LAST, VendorCallKey DESC LIMIT 4'), [
      'c-1',
      "o'brien\\x",
      'c-2',
      'c_5',
    ]);
  });

  it('matches Ids given as 15 or 18 characters', () => {
    assert.deepEqual(keys(`SELECT Id FROM VoiceCall WHERE Id IN ('${ids[1]}', '${ids[3]?.slice(0, 15)}')`), ['c-2', "o'brien\\x"]);
  });

  it('treats a null boolean as false', () => {
    assert.deepEqual(keys('SELECT Id FROM VoiceCall WHERE Synced__c = false'), ['c-2', 'C-3', "o'brien\\x", 'c_5']);
    assert.deepEqual(keys('SELECT Id FROM VoiceCall WHERE Synced__c = null'), ['c-2', 'C-3', "o'brien\\x", 'c_5']);
  });

  it('answers errors as the org does', () => {
    refused('SELECT Id FROM Account', 'INVALID_TYPE', /sObject type 'Account' is not supported/);
    refused('SELECT Nope__c FROM VoiceCall', 'INVALID_FIELD', /No such column 'Nope__c' on entity 'VoiceCall'/);
    refused('SELECT Id, id FROM VoiceCall', 'MALFORMED_QUERY', /duplicate field selected: Id/);
    refused(
      "SELECT Id FROM VoiceCall WHERE CallStartDateTime > '2024-01-01'",
      'INVALID_QUERY_FILTER_OPERATOR',
      /must be of type dateTime and should not be enclosed in quotes/,
    );
    refused('SELECT Id FROM VoiceCall WHERE CallStartDateTime > 2024-01-01', 'INVALID_QUERY_FILTER_OPERATOR', /must be of type dateTime/);
    refused(
      'SELECT Id FROM VoiceCall WHERE QueueName = 5',
      'INVALID_QUERY_FILTER_OPERATOR',
      /must be of type string and should be enclosed in quotes/,
    );
    refused("SELECT Id FROM VoiceCall WHERE Id = 'abc'", 'INVALID_QUERY_FILTER_OPERATOR', /invalid ID field: abc/);
    refused('SELECT Id FROM VoiceCall WHERE CustomerHoldDuration > null', 'INVALID_QUERY_FILTER_OPERATOR', /invalid operator on null/);
    refused("SELECT Id FROM VoiceCall WHERE Description = 'x'", 'INVALID_FIELD', /can not be filtered/);
    refused("SELECT Id FROM VoiceCall WHERE QueueName = 'a\\_b'", 'MALFORMED_QUERY', /Illegal character sequence/);
  });
});
