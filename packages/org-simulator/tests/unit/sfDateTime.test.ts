import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSfDate, formatSfDateTime, parseIsoDate, parseIsoDateTime } from '../../src/sfDateTime.ts';

describe('sfDateTime', () => {
  it('renders dateTimes as Salesforce does', () => {
    assert.equal(formatSfDateTime(Date.UTC(2022, 0, 5, 17, 12, 59)), '2022-01-05T17:12:59.000+0000');
    assert.equal(formatSfDate(Date.UTC(2022, 0, 5)), '2022-01-05');
  });

  it('parses Z, offsets with and without colon, and fractional seconds', () => {
    assert.equal(parseIsoDateTime('2024-01-01T00:00:00Z'), Date.UTC(2024, 0, 1));
    assert.equal(parseIsoDateTime('2024-01-01T01:00:00+01:00'), Date.UTC(2024, 0, 1));
    assert.equal(parseIsoDateTime('2023-12-31T16:00:00-0800'), Date.UTC(2024, 0, 1));
    assert.equal(parseIsoDateTime('2024-01-01T00:00:00.123456Z'), Date.UTC(2024, 0, 1, 0, 0, 0, 123));
  });

  it('refuses impossible or incomplete values', () => {
    for (const text of ['2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00', '2024-01-01', 'yesterday']) {
      assert.equal(parseIsoDateTime(text), undefined, text);
    }
    assert.equal(parseIsoDate('2024-02-29'), Date.UTC(2024, 1, 29));
    assert.equal(parseIsoDate('2023-02-29'), undefined);
  });
});
