import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonRecordSplitter, type SplitItem, type SplitterOptions } from '../../../src/importing/JsonRecordSplitter.ts';

/** A split item as text, for readable expectations. */
type Piece = { kind: 'record'; text: string } | { kind: 'fragment'; text: string; reason: string };

function splitBytes(bytes: Buffer, chunkSize = bytes.length, options?: SplitterOptions): SplitItem[] {
  const splitter = new JsonRecordSplitter(options);
  const out: SplitItem[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) out.push(...splitter.push(bytes.subarray(i, i + chunkSize)));
  out.push(...splitter.end());
  return out;
}

function split(text: string, chunkSize?: number): Piece[] {
  const bytes = Buffer.from(text, 'utf8');
  return splitBytes(bytes, chunkSize ?? Math.max(1, bytes.length)).map((item) =>
    item.kind === 'record'
      ? { kind: 'record', text: item.bytes.toString('utf8') }
      : { kind: 'fragment', text: item.bytes.toString('utf8'), reason: item.reason },
  );
}

const cases: [string, string, Piece[]][] = [
  [
    'Firehose concatenated objects',
    '{"a":1}{"b":"}{"}{"c":[{"d":2}]}',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'record', text: '{"b":"}{"}' },
      { kind: 'record', text: '{"c":[{"d":2}]}' },
    ],
  ],
  [
    'NDJSON',
    '{"a":1}\n{"b":2}\r\n\n{"c":3}\n',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'record', text: '{"b":2}' },
      { kind: 'record', text: '{"c":3}' },
    ],
  ],
  [
    'NDJSON with a cut line',
    '{"a":1}\n{"b":2,\n{"c":3}\n',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'fragment', text: '{"b":2,', reason: 'truncated' },
      { kind: 'record', text: '{"c":3}' },
    ],
  ],
  ['a pretty-printed object', '{\n  "a": {\n    "b": 1\n  }\n}\n', [{ kind: 'record', text: '{\n  "a": {\n    "b": 1\n  }\n}' }]],
  [
    'an array of objects',
    '[ {"a":1},\n {"b":2} ]',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'record', text: '{"b":2}' },
    ],
  ],
  [
    'escaped quotes and braces in strings',
    '{"a":"\\"}\\\\"}{"b":"\\u007b"}',
    [
      { kind: 'record', text: '{"a":"\\"}\\\\"}' },
      { kind: 'record', text: '{"b":"\\u007b"}' },
    ],
  ],
  [
    'text outside objects',
    'hello\n{"a":1}\n42\n',
    [
      { kind: 'fragment', text: 'hello', reason: 'not-json' },
      { kind: 'record', text: '{"a":1}' },
      { kind: 'fragment', text: '42', reason: 'not-json' },
    ],
  ],
  [
    'a truncated tail',
    '{"a":1}{"b":',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'fragment', text: '{"b":', reason: 'truncated' },
    ],
  ],
  ['an empty input', '', []],
  [
    'commas between concatenated objects (separators, not records)',
    '{"a":1},{"b":2} , {"c":3}',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'record', text: '{"b":2}' },
      { kind: 'record', text: '{"c":3}' },
    ],
  ],
  [
    'CRLF NDJSON',
    '{"a":1}\r\n{"b":2}\r\n',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'record', text: '{"b":2}' },
    ],
  ],
  [
    'garbage between Firehose objects (no newlines): kept once, neighbours once',
    '{"a":1}xyz{"b":2}}{"c":3}',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'fragment', text: 'xyz', reason: 'not-json' },
      { kind: 'record', text: '{"b":2}' },
      { kind: 'fragment', text: '}', reason: 'not-json' },
      { kind: 'record', text: '{"c":3}' },
    ],
  ],
  [
    'a UTF-8 byte order mark',
    '\ufeff{"a":1}\n\ufeff{"b":2}',
    [
      { kind: 'record', text: '{"a":1}' },
      { kind: 'record', text: '{"b":2}' },
    ],
  ],
  [
    'multi-byte characters',
    '{"a":"é€😀"}{"b":"}"}',
    [
      { kind: 'record', text: '{"a":"é€😀"}' },
      { kind: 'record', text: '{"b":"}"}' },
    ],
  ],
  [
    'a raw newline inside a string',
    '{"a":"x\ny"}\n{"b":2}',
    [
      { kind: 'fragment', text: '{"a":"x', reason: 'not-json' },
      { kind: 'fragment', text: 'y"}', reason: 'not-json' },
      { kind: 'record', text: '{"b":2}' },
    ],
  ],
];

for (const [name, input, expected] of cases) {
  test(`splits ${name}`, () => {
    assert.deepEqual(split(input), expected);
    // The same result whatever the chunk boundaries.
    for (const size of [1, 2, 3, 7]) assert.deepEqual(split(input, size), expected, `chunk size ${size}`);
  });
}

test('every record survives random chunking of a long Firehose stream', () => {
  const records = Array.from({ length: 200 }, (_, i) =>
    JSON.stringify({ ContactId: `c${i}`, note: '}{"\\'.repeat(i % 5), nested: { list: [i, { x: '[' }] } }),
  );
  const text = records.join('');
  let seed = 7;
  const splitter = new JsonRecordSplitter();
  const out: SplitItem[] = [];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (seed % 500);
    out.push(...splitter.push(bytes.subarray(i, i + n)));
    i += n;
  }
  out.push(...splitter.end());
  assert.deepEqual(
    out.map((o) => o.bytes.toString()),
    records,
  );
});

test('invalid UTF-8 passes through untouched, byte for byte', () => {
  const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}{"b":1}')]);
  for (const size of [1, 3, bytes.length]) {
    const out = splitBytes(bytes, size);
    assert.deepEqual(
      out.map((o) => o.kind),
      ['record', 'record'],
    );
    assert.deepEqual(out[0]?.bytes, bytes.subarray(0, 14));
  }
});

test('reports byte offsets of records and fragments', () => {
  const out = splitBytes(Buffer.from('{"a":1}\nnope\n{"é":2}'), 4);
  assert.deepEqual(
    out.map((o) => [o.kind, o.offset]),
    [
      ['record', 0],
      ['fragment', 8],
      ['record', 13],
    ],
  );
});

test('a record over the size bound becomes a too-large fragment with a truncated copy; its neighbours stay whole', () => {
  const big = `{"x":"${'y'.repeat(5000)}"}`;
  const text = `{"a":1}${big}{"b":2}`;
  for (const size of [1, 100, text.length]) {
    const out = splitBytes(Buffer.from(text), size, { maxRecordBytes: 1000, maxSnippetBytes: 100 });
    assert.deepEqual(
      out.map((o) => o.kind),
      ['record', 'fragment', 'record'],
      `chunk size ${size}`,
    );
    const [, fragment] = out;
    assert.ok(fragment?.kind === 'fragment');
    assert.equal(fragment.reason, 'too-large');
    assert.equal(fragment.size, big.length);
    assert.equal(fragment.bytes.toString(), big.slice(0, 100));
    assert.equal(out[2]?.bytes.toString(), '{"b":2}');
  }
});

test('long garbage is kept as a bounded snippet with its full size', () => {
  const garbage = 'z'.repeat(10_000);
  const out = splitBytes(Buffer.from(`{"a":1}${garbage}{"b":2}`), 333, { maxSnippetBytes: 50 });
  assert.deepEqual(
    out.map((o) => o.kind),
    ['record', 'fragment', 'record'],
  );
  assert.ok(out[1]?.kind === 'fragment');
  assert.equal(out[1].size, 10_000);
  assert.equal(out[1].bytes.length, 50);
  assert.equal(out[1].offset, 7);
});

test('one stray comma after the first object of a long Firehose file: every record once, no quarantine copy', () => {
  const records = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ContactId: `c${i}`, n: i }));
  const text = `${records[0]},${records.slice(1).join('')}`;
  const out = splitBytes(Buffer.from(text), 4096);
  assert.deepEqual(
    out.map((o) => (o.kind === 'record' ? o.bytes.toString() : `fragment ${o.reason}`)),
    records,
  );
});

test('an unclosed string runs to the end as one bounded truncated fragment', () => {
  const out = splitBytes(Buffer.from(`{"a":1}{"b":"${'q'.repeat(100_000)}`), 1000, { maxRecordBytes: 10_000, maxSnippetBytes: 64 });
  assert.equal(out.length, 2);
  assert.ok(out[1]?.kind === 'fragment');
  assert.equal(out[1].reason, 'too-large');
  assert.equal(out[1].bytes.length, 64);
});
