import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalId, idCounter, idSuffix, salesforceId } from '../../src/salesforceId.ts';

describe('salesforceId', () => {
  it('computes the documented case-safe suffix', () => {
    // Upper-case letters set bits in each 5-character chunk: "001A0" → bit 3 → 'I'; "00D00" → bit 2 → 'E'; lower case and digits → 'A'.
    assert.equal(idSuffix('001A000001abcde'), 'IAA');
    assert.equal(idSuffix('00D000000000000'), 'EAA');
    assert.equal(idSuffix('ABCDEABCDEABCDE'), '555');
  });

  it('builds 18-character Ids with prefix, pod, reserved 0 and counter', () => {
    const id = salesforceId('0LQ', '5g', 62 * 62 + 1);
    assert.equal(id.length, 18);
    assert.equal(id.slice(0, 6), '0LQ5g0');
    assert.equal(id.slice(6, 15), '000000101');
    assert.equal(idCounter(id), 62 * 62 + 1);
    assert.equal(canonicalId(id), id);
  });

  it('accepts 15-character Ids and a lower-cased suffix, refuses wrong suffixes and characters', () => {
    const id = salesforceId('0LQ', 'Ab', 123_456);
    assert.equal(canonicalId(id.slice(0, 15)), id);
    assert.equal(canonicalId(id.slice(0, 15) + id.slice(15).toLowerCase()), id);
    assert.equal(canonicalId(`${id.slice(0, 15)}ZZZ`), undefined);
    assert.equal(canonicalId('0LQ-b0000000001'), undefined);
    assert.equal(canonicalId('short'), undefined);
  });

  it('gives distinct Ids for distinct counters', () => {
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => salesforceId('0LQ', 'xY', i)));
    assert.equal(ids.size, 1000);
  });
});
