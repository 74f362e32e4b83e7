import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCtr } from '../../../src/ctr/parseCtr.ts';
import { MalformedCtrError } from '../../../src/errors.ts';
import { ctrFactory, sampleText } from '../../helpers/factories.ts';

function reasonOf(input: string | Uint8Array): string {
  try {
    parseCtr(input);
  } catch (error) {
    assert.ok(error instanceof MalformedCtrError);
    return error.reason;
  }
  return 'parsed';
}

describe('parseCtr', () => {
  test('parses the real sample and keeps its original text byte for byte', () => {
    const raw = sampleText('ctr-01-inbound-voice-agent-first-delivery.json');
    const parsed = parseCtr(raw);
    assert.equal(parsed.contactId, 'c0ffee00-0000-4000-8000-000000000001');
    assert.equal(parsed.lastUpdateTimestamp, '2022-01-05T17:48:35.000Z');
    assert.equal(parsed.initiationTimestamp, '2022-01-05T17:12:59.000Z');
    assert.equal(parsed.raw, raw);
  });

  test('accepts null Agent, Queue, Recording and Recordings', () => {
    const parsed = parseCtr(JSON.stringify(ctrFactory({ Agent: null, Queue: null, Recording: null, Recordings: null, Attributes: null })));
    assert.equal(parsed.ctr.Agent, null);
    assert.equal(parsed.ctr.Queue, null);
  });

  test('keeps unknown fields', () => {
    const raw = JSON.stringify({ ...ctrFactory(), BrandNewField: { nested: [1, 2] } });
    const parsed = parseCtr(raw);
    assert.deepEqual(parsed.ctr.BrandNewField, { nested: [1, 2] });
    assert.equal(parsed.raw, raw);
  });

  test('the content hash ignores whitespace and key order but not content', () => {
    const ctr = ctrFactory();
    const compact = parseCtr(JSON.stringify(ctr));
    const pretty = parseCtr(JSON.stringify(Object.fromEntries(Object.entries(ctr).reverse()), null, 2));
    const changed = parseCtr(JSON.stringify({ ...ctr, Attributes: { greeting: 'x' } }));
    assert.equal(compact.contentHash, pretty.contentHash);
    assert.notEqual(compact.contentHash, changed.contentHash);
  });

  test('the two sample deliveries differ in version but not in contact', () => {
    const first = parseCtr(sampleText('ctr-01-inbound-voice-agent-first-delivery.json'));
    const second = parseCtr(sampleText('ctr-02-same-contact-redelivered-after-attribute-update.json'));
    assert.equal(first.contactId, second.contactId);
    assert.ok(second.lastUpdateTimestamp > first.lastUpdateTimestamp);
    assert.notEqual(first.contentHash, second.contentHash);
  });

  const malformed: [string, string | Uint8Array, string][] = [
    ['not JSON', '{"ContactId": "abc",', 'not-json'],
    ['a JSON array', '[1,2]', 'not-an-object'],
    ['JSON null', 'null', 'not-an-object'],
    ['a JSON string', '"hello"', 'not-an-object'],
    ['no ContactId (an agent event)', '{"AgentARN":"x","LastUpdateTimestamp":"2022-01-05T17:48:35Z"}', 'missing-contact-id'],
    ['a null ContactId', '{"ContactId":null,"LastUpdateTimestamp":"2022-01-05T17:48:35Z"}', 'missing-contact-id'],
    ['a ContactId with ../', '{"ContactId":"../../etc/passwd","LastUpdateTimestamp":"2022-01-05T17:48:35Z"}', 'invalid-contact-id'],
    ['a numeric ContactId', '{"ContactId":42,"LastUpdateTimestamp":"2022-01-05T17:48:35Z"}', 'invalid-contact-id'],
    ['no LastUpdateTimestamp', '{"ContactId":"c1"}', 'missing-last-update-timestamp'],
    ['a garbage LastUpdateTimestamp', '{"ContactId":"c1","LastUpdateTimestamp":"yesterday"}', 'invalid-last-update-timestamp'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'not-utf8'],
    [
      'a LastUpdateTimestamp past year 9999 in UTC',
      '{"ContactId":"c1","LastUpdateTimestamp":"9999-12-31T23:59:59-14:00"}',
      'invalid-last-update-timestamp',
    ],
    ['a LastUpdateTimestamp before year 2000', '{"ContactId":"c1","LastUpdateTimestamp":"1999-12-31T23:59:59Z"}', 'invalid-last-update-timestamp'],
    [
      'a CTR nested 5,000 levels deep',
      `{"ContactId":"c1","LastUpdateTimestamp":"2022-01-05T17:48:35Z","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      'too-deep',
    ],
    [
      'a CTR nested 65 levels deep',
      `{"ContactId":"c1","LastUpdateTimestamp":"2022-01-05T17:48:35Z","x":${'{"a":'.repeat(64)}1${'}'.repeat(64)}}`,
      'too-deep',
    ],
    [
      'a record over 1 MiB',
      JSON.stringify({ ContactId: 'c1', LastUpdateTimestamp: '2022-01-05T17:48:35Z', x: 'x'.repeat(1024 * 1024) }),
      'too-large',
    ],
  ];
  for (const [name, input, reason] of malformed) {
    test(`rejects ${name} as ${reason}`, () => assert.equal(reasonOf(input), reason));
  }

  test('accepts nesting up to 64 levels and the last second of year 9999 in UTC', () => {
    const deep = `{"ContactId":"c1","LastUpdateTimestamp":"9999-12-31T23:59:59Z","x":${'{"a":'.repeat(63)}"[{"${'}'.repeat(63)}}`;
    const parsed = parseCtr(deep);
    assert.equal(parsed.lastUpdateTimestamp, '9999-12-31T23:59:59.000Z');
    assert.equal(parsed.raw, deep);
  });

  test('an out-of-range InitiationTimestamp is dropped, not put in a key', () => {
    assert.equal(parseCtr(JSON.stringify(ctrFactory({ InitiationTimestamp: '+275760-09-13T00:00:00Z' }))).initiationTimestamp, undefined);
    assert.equal(parseCtr(JSON.stringify(ctrFactory({ InitiationTimestamp: '9999-12-31T23:59:59-14:00' }))).initiationTimestamp, undefined);
  });

  test('never quotes the input in its error message (it may hold phone numbers)', () => {
    try {
      parseCtr('{"CustomerEndpoint":{"Address":"+15555550100"}');
      assert.fail('should throw');
    } catch (error) {
      assert.ok(!(error as Error).message.includes('5555550100'));
    }
  });

  test('parses a CTR of about 1 MiB', () => {
    const big = ctrFactory({ Attributes: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`attr${i}`, 'x'.repeat(1000)])) });
    const raw = JSON.stringify(big);
    assert.ok(raw.length > 1_000_000);
    assert.equal(parseCtr(Buffer.from(raw)).raw.length, raw.length);
  });
});
