import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonRecordSplitter, type SplitItem } from '../../../src/importing/JsonRecordSplitter.ts';

function split(text: string, chunkSize = text.length): SplitItem[] {
  const splitter = new JsonRecordSplitter();
  const out: SplitItem[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...splitter.push(text.slice(i, i + chunkSize)));
  out.push(...splitter.end());
  return out;
}

const cases: [string, string, SplitItem[]][] = [
  ['Firehose concatenated objects', '{"a":1}{"b":"}{"}{"c":[{"d":2}]}', [
    { kind: 'record', text: '{"a":1}' }, { kind: 'record', text: '{"b":"}{"}' }, { kind: 'record', text: '{"c":[{"d":2}]}' },
  ]],
  ['NDJSON', '{"a":1}\n{"b":2}\r\n\n{"c":3}\n', [
    { kind: 'record', text: '{"a":1}' }, { kind: 'record', text: '{"b":2}' }, { kind: 'record', text: '{"c":3}' },
  ]],
  ['NDJSON with a cut line', '{"a":1}\n{"b":2,\n{"c":3}\n', [
    { kind: 'record', text: '{"a":1}' }, { kind: 'fragment', text: '{"b":2,', reason: 'truncated' }, { kind: 'record', text: '{"c":3}' },
  ]],
  ['a pretty-printed object', '{\n  "a": {\n    "b": 1\n  }\n}\n', [{ kind: 'record', text: '{\n  "a": {\n    "b": 1\n  }\n}' }]],
  ['an array of objects', '[ {"a":1},\n {"b":2} ]', [{ kind: 'record', text: '{"a":1}' }, { kind: 'record', text: '{"b":2}' }]],
  ['escaped quotes and braces in strings', '{"a":"\\"}\\\\"}{"b":"\\u007b"}', [{ kind: 'record', text: '{"a":"\\"}\\\\"}' }, { kind: 'record', text: '{"b":"\\u007b"}' }]],
  ['text outside objects', 'hello\n{"a":1}\n42\n', [
    { kind: 'fragment', text: 'hello', reason: 'not-json' }, { kind: 'record', text: '{"a":1}' }, { kind: 'fragment', text: '42', reason: 'not-json' },
  ]],
  ['a truncated tail', '{"a":1}{"b":', [{ kind: 'record', text: '{"a":1}' }, { kind: 'fragment', text: '{"b":', reason: 'truncated' }]],
  ['an empty input', '', []],
];

for (const [name, input, expected] of cases) {
  test(`splits ${name}`, () => {
    assert.deepEqual(split(input), expected);
    // The same result whatever the chunk boundaries.
    for (const size of [1, 2, 3, 7]) assert.deepEqual(split(input, size), expected, `chunk size ${size}`);
  });
}

test('every record survives random chunking of a long Firehose stream', () => {
  const records = Array.from({ length: 200 }, (_, i) => JSON.stringify({ ContactId: `c${i}`, note: '}{"\\'.repeat(i % 5), nested: { list: [i, { x: '[' }] } }));
  const text = records.join('');
  let seed = 7;
  const splitter = new JsonRecordSplitter();
  const out: SplitItem[] = [];
  for (let i = 0; i < text.length; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (seed % 500);
    out.push(...splitter.push(text.slice(i, i + n)));
    i += n;
  }
  out.push(...splitter.end());
  assert.deepEqual(out.map((o) => o.text), records);
});
