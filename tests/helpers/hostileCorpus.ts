/**
 * The hostile-input corpus: records and files an archive must survive. Built at test time (the
 * gzip bomb alone would be 200 MB on disk), from fresh ContactIds, so every run is independent.
 *
 * Each case is one payload, used twice: as the whole content of one import file, and as the data of
 * one Kinesis record for the archive Lambda. Each says what both must do with it: store exact
 * bytes, or quarantine with a reason, or (import only) report a file error and go on.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ContactTraceRecord } from '../../src/ctr/ContactTraceRecord.ts';
import type { MalformedReason } from '../../src/errors.ts';
import { ctrFactory } from './factories.ts';

/** What `archive import` must do with one file. */
interface ImportExpectation {
  /** Records that must be stored, byte for byte. */
  readonly stored: readonly Buffer[];
  /** Quarantine reasons of the file's other pieces (any order); `'some'` (at least one) or `'any'` for unpredictable input. */
  readonly quarantined: readonly MalformedReason[] | 'some' | 'any';
  /** The file cannot be read to its end: reported as a file error, matching this. */
  readonly fileError?: RegExp;
  /** When set, the number of stored records is only known to be at least this (a truncated gzip). */
  readonly minStored?: number;
}

/** What the archive Lambda must do with the payload as one Kinesis record. */
type LambdaExpectation = { readonly stored: Buffer } | { readonly quarantined: MalformedReason };

interface HostileCase {
  readonly name: string;
  readonly payload: Buffer;
  readonly import: ImportExpectation;
  readonly lambda: LambdaExpectation;
  /** The local S3 server keeps each key as a file path and cannot hold it (real S3 can). */
  readonly tooLongForS3rver?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The Lambda's reason for bytes that are not JSON text at all. */
function binaryReason(bytes: Buffer): MalformedReason {
  try {
    utf8.decode(bytes);
    return 'not-json';
  } catch {
    return 'not-utf8';
  }
}

const ctr = (overrides: Partial<ContactTraceRecord> = {}): ContactTraceRecord => ctrFactory({ ContactId: randomUUID(), ...overrides });
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const b = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A CTR as JSON text with `extra` spliced in as its last member(s). */
function withRaw(extra: string, overrides: Partial<ContactTraceRecord> = {}): Buffer {
  return b(`${JSON.stringify(ctr(overrides)).slice(0, -1)},${extra}}`);
}

/** A valid CTR stored by both paths, byte for byte. */
function storedCase(name: string, payload: Buffer, extra: Partial<HostileCase> = {}): HostileCase {
  return { name, payload, import: { stored: [payload], quarantined: [] }, lambda: { stored: payload }, ...extra };
}

/** A single record both paths quarantine with the same reason. */
function quarantinedCase(name: string, payload: Buffer, reason: MalformedReason): HostileCase {
  return { name, payload, import: { stored: [], quarantined: [reason] }, lambda: { quarantined: reason } };
}

/** The gzip of `prefix` followed by `zeros` spaces: tiny on disk, huge once inflated. */
function gzipBomb(prefix: Buffer, inflatedBytes: number): Buffer {
  return gzipSync(Buffer.concat([prefix, Buffer.alloc(inflatedBytes, 0x20)]), { level: 9 });
}

/** Seeded bytes (xorshift), the same every run. */
function seededBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Builds the corpus.
 *
 * @param bombBytes - how far the gzip bomb inflates (the import runs with a lower `--max-file-bytes`)
 */
function buildHostileCorpus(bombBytes = 200 * 1024 * 1024): HostileCase[] {
  const at = (LastUpdateTimestamp: unknown) => json({ ...ctr(), LastUpdateTimestamp });
  const id = (ContactId: unknown) => json({ ...ctr(), ContactId });
  const nested = (levels: number) => withRaw(`"Deep":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}`);
  const three = [ctr(), ctr(), ctr()].map(json);
  const bombCtr = json(ctr());
  const bomb = gzipBomb(Buffer.concat([bombCtr, b('\n')]), bombBytes);
  const gzipped = json(ctr());
  const truncatedGzip = gzipSync(
    Buffer.concat(
      Array.from({ length: 40 }, (_, i) => Buffer.concat([json(ctr({ Attributes: { n: seededBytes(3000, 9 + i).toString('hex') } })), b('\n')])),
    ),
  );
  const random = seededBytes(4096, 12345);
  const utf16 = (bom: number[], encode: (s: string) => Buffer) => Buffer.concat([Buffer.from(bom), encode(JSON.stringify(ctr()))]);
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
  const longId = `${'0123456789abcdef'.repeat(16)}`;
  const tooLarge = json(ctr({ Attributes: { blob: 'x'.repeat(1024 * 1024 + 10) } }));
  const newlineInString = b(`{"ContactId":"${randomUUID()}","LastUpdateTimestamp":"2026-11-20T10:06:00Z","note":"line one\nline two"}`);
  const crlfPretty = b(JSON.stringify(ctr(), null, 2).replace(/\n/g, '\r\n'));
  const padded = json(ctr());
  const bomCtr = json(ctr());
  const [first, second] = [json(ctr()), json(ctr())];

  const cases: HostileCase[] = [
    // Valid, if odd: stored byte for byte by both paths.
    storedCase('a plain voice CTR', json(ctr())),
    storedCase('pretty-printed with CRLF line ends', crlfPretty),
    storedCase(
      'attributes of 32 KB (the documented maximum)',
      json(ctr({ Attributes: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`a${i}`, 'v'.repeat(1000)])) })),
    ),
    storedCase('huge attributes, just under the 1 MiB record bound', json(ctr({ Attributes: { big: 'h'.repeat(1024 * 1024 - 4096) } }))),
    storedCase(
      'unicode attributes (emoji, RTL, combining marks)',
      json(ctr({ Attributes: { greeting: 'שלום 😀 e\u0301 中文', phone: '+1 555 555 0100' } })),
    ),
    storedCase('braces, quotes and backslashes inside strings', json(ctr({ Attributes: { tricky: '}{"\\}]["\\\\"{' } }))),
    storedCase(
      'a __proto__ key at the top and in Attributes',
      withRaw('"__proto__":{"polluted":true},"Attributes2":{"__proto__":{"polluted":true}}'),
    ),
    storedCase('constructor and prototype keys', withRaw('"constructor":{"prototype":{"polluted":true}},"prototype":null')),
    (() => {
      const winner = randomUUID();
      const payload = b(`{"ContactId":"${randomUUID()}","LastUpdateTimestamp":"2026-11-20T10:06:00Z","ContactId":"${winner}","Channel":"VOICE"}`);
      return storedCase('duplicate keys (the last ContactId wins, as in JSON.parse)', payload);
    })(),
    storedCase(
      'wrong types: Agent a string, Attributes an array, Queue a number',
      json({ ...ctr(), Agent: 'agent', Attributes: ['a', 1], Queue: 7, Recordings: 'none' }),
    ),
    storedCase('a lowercase, path-like Channel', json(ctr({ Channel: '../voice' }))),
    storedCase('a garbage InitiationTimestamp (indexed by LastUpdateTimestamp)', json(ctr({ InitiationTimestamp: 'soon' }))),
    storedCase('an InitiationTimestamp past year 9999', json(ctr({ InitiationTimestamp: '9999-12-31T23:59:59-14:00' }))),
    storedCase('a LastUpdateTimestamp with a +14:00 offset', at('2026-11-20T10:06:00+14:00')),
    storedCase('a ContactId of 256 characters (the longest valid one)', id(longId), { tooLongForS3rver: true }),
    storedCase('a ContactId with dots, underscores and dashes', id(`a.b_c-${randomUUID()}`)),
    storedCase('a ContactId that is a Windows reserved name (CON)', id('CON')),
    storedCase('a ContactId named like an archive prefix (quarantine)', id('quarantine')),
    storedCase('nesting of exactly 64 levels', nested(64)),
    storedCase('an escaped NUL and a lone surrogate escape', withRaw('"Odd":"\\u0000 \\ud800"')),
    storedCase('extreme numbers (1e400, -0, 30 digits)', withRaw('"N":[1e400,-0,123456789012345678901234567890]')),
    storedCase(
      'every nested object null',
      json(ctr({ Agent: null, Queue: null, Recording: null, Recordings: null, Attributes: null, CustomerEndpoint: null, SystemEndpoint: null })),
    ),
    {
      ...storedCase('whitespace and tabs around the object', Buffer.concat([b(' \t\r\n'), padded, b('\r\n\t ')])),
      import: { stored: [padded], quarantined: [] },
    },
    {
      ...storedCase('a UTF-8 byte order mark before the object', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bomCtr])),
      import: { stored: [bomCtr], quarantined: [] },
      lambda: { stored: bomCtr },
    },

    // Not a CTR: quarantined with a reason (the Lambda) and by the import where it is a record.
    { name: 'an empty file / record', payload: Buffer.alloc(0), import: { stored: [], quarantined: [] }, lambda: { quarantined: 'not-json' } },
    { name: 'whitespace only', payload: b(' \r\n\t\n'), import: { stored: [], quarantined: [] }, lambda: { quarantined: 'not-json' } },
    {
      name: 'plain text',
      payload: b('hello, this is not json'),
      import: { stored: [], quarantined: ['not-json'] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'an object cut short',
      payload: b('{"ContactId":"x","LastUpdateTimestamp":'),
      import: { stored: [], quarantined: ['truncated'] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'an unclosed string',
      payload: b(`{"ContactId":"${randomUUID()}`),
      import: { stored: [], quarantined: ['truncated'] },
      lambda: { quarantined: 'not-json' },
    },
    { name: 'a single closing brace', payload: b('}'), import: { stored: [], quarantined: ['not-json'] }, lambda: { quarantined: 'not-json' } },
    {
      name: 'an array of CTRs',
      payload: b(`[${first.toString()},\n${second.toString()}]`),
      import: { stored: [first, second], quarantined: [] },
      lambda: { quarantined: 'not-an-object' },
    },
    {
      name: 'an array of numbers',
      payload: b('[1,2,3]'),
      import: { stored: [], quarantined: ['not-json'] },
      lambda: { quarantined: 'not-an-object' },
    },
    { name: 'a JSON string', payload: b('"a string"'), import: { stored: [], quarantined: ['not-json'] }, lambda: { quarantined: 'not-an-object' } },
    { name: 'JSON null', payload: b('null'), import: { stored: [], quarantined: ['not-json'] }, lambda: { quarantined: 'not-an-object' } },
    { name: 'a JSON number', payload: b('42'), import: { stored: [], quarantined: ['not-json'] }, lambda: { quarantined: 'not-an-object' } },
    quarantinedCase('an empty object', b('{}'), 'missing-contact-id'),
    quarantinedCase(
      'an agent event (no ContactId)',
      json({ AgentARN: 'arn:aws:connect:agent', EventType: 'STATE_CHANGE', LastUpdateTimestamp: '2026-11-20T10:06:00Z' }),
      'missing-contact-id',
    ),
    quarantinedCase('an empty ContactId', id(''), 'missing-contact-id'),
    quarantinedCase('a traversal ContactId', id('../../etc/passwd'), 'invalid-contact-id'),
    quarantinedCase('an absolute-path ContactId', id('/etc/passwd'), 'invalid-contact-id'),
    quarantinedCase('a ContactId of ".."', id('..'), 'invalid-contact-id'),
    quarantinedCase('a hidden-file ContactId', id('.hidden'), 'invalid-contact-id'),
    quarantinedCase('a unicode ContactId', id('cöntact-é'), 'invalid-contact-id'),
    quarantinedCase('a ContactId with a NUL', id('a\u0000b'), 'invalid-contact-id'),
    quarantinedCase('a ContactId with a newline', id('a\nb'), 'invalid-contact-id'),
    quarantinedCase('a ContactId with a backslash', id('a\\b'), 'invalid-contact-id'),
    quarantinedCase('a ContactId with ~ (reserved by the folder store)', id('a~b'), 'invalid-contact-id'),
    quarantinedCase('a ContactId of 257 characters', id(`${longId}x`), 'invalid-contact-id'),
    quarantinedCase('a numeric ContactId', id(12345), 'invalid-contact-id'),
    quarantinedCase('an object ContactId', id({ id: 'x' }), 'invalid-contact-id'),
    quarantinedCase('no LastUpdateTimestamp', json({ ...ctr(), LastUpdateTimestamp: undefined }), 'missing-last-update-timestamp'),
    quarantinedCase('a LastUpdateTimestamp past year 9999 in UTC', at('9999-12-31T23:59:59-14:00'), 'invalid-last-update-timestamp'),
    quarantinedCase('a LastUpdateTimestamp in 1970', at('1970-01-01T00:00:00Z'), 'invalid-last-update-timestamp'),
    quarantinedCase('an expanded-year LastUpdateTimestamp', at('+275760-09-13T00:00:00Z'), 'invalid-last-update-timestamp'),
    quarantinedCase('a numeric LastUpdateTimestamp (epoch ms)', at(1_763_632_000_000), 'invalid-last-update-timestamp'),
    quarantinedCase('nested 5,000 levels deep (about 8 KB)', withRaw(`"Deep":${'['.repeat(5000)}${']'.repeat(5000)}`), 'too-deep'),
    quarantinedCase('nested 65 levels deep', nested(65), 'too-deep'),
    quarantinedCase('a raw tab inside a string', withRaw('"note":"a\tb"'), 'not-json'),
    quarantinedCase(
      'invalid UTF-8 in an attribute',
      Buffer.concat([withRaw('"x":"').subarray(0, -1), Buffer.from([0xff, 0xfe, 0xfd]), b('"}')]),
      'not-utf8',
    ),
    quarantinedCase(
      'an overlong UTF-8 encoding of "/"',
      Buffer.concat([withRaw('"x":"').subarray(0, -1), Buffer.from([0xc0, 0xaf]), b('"}')]),
      'not-utf8',
    ),
    quarantinedCase(
      'a UTF-8-encoded surrogate',
      Buffer.concat([withRaw('"x":"').subarray(0, -1), Buffer.from([0xed, 0xa0, 0x80]), b('"}')]),
      'not-utf8',
    ),
    {
      name: 'a record over 1 MiB',
      payload: tooLarge,
      import: { stored: [], quarantined: ['too-large'] },
      lambda: { quarantined: 'too-large' },
    },
    {
      name: 'UTF-16LE with its BOM',
      payload: utf16([0xff, 0xfe], (s) => Buffer.from(s, 'utf16le')),
      import: { stored: [], quarantined: ['not-json', 'not-json', 'not-json'] },
      lambda: { quarantined: 'not-utf8' },
    },
    {
      name: 'UTF-16BE with its BOM',
      payload: utf16([0xfe, 0xff], utf16be),
      import: { stored: [], quarantined: ['not-json', 'not-json'] },
      lambda: { quarantined: 'not-utf8' },
    },
    { name: 'random binary', payload: random, import: { stored: [], quarantined: 'some' }, lambda: { quarantined: binaryReason(random) } },

    // Several records in one payload: the import splits them; for the Lambda one record is one JSON value.
    {
      name: 'Firehose objects with commas between them',
      payload: b(three.map(String).join(',')),
      import: { stored: three, quarantined: [] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'Firehose objects with garbage between them',
      payload: b(`${three[0]}@@garbage +1 555 555 0100@@${three[1]}`),
      import: { stored: [three[0]!, three[1]!], quarantined: ['not-json'] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'NDJSON with CRLF',
      payload: b(`${three.map(String).join('\r\n')}\r\n`),
      import: { stored: three, quarantined: [] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'NDJSON with a cut line',
      payload: b(`${three[0]}\n${three[1]!.subarray(0, 31)}\n${three[2]}\n`),
      import: { stored: [three[0]!, three[2]!], quarantined: ['truncated'] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'a comment line before a CTR',
      payload: b(`// exported by hand\n${first}`),
      import: { stored: [first], quarantined: ['not-json'] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'a CTR with trailing text',
      payload: b(`${second} trailing words`),
      import: { stored: [second], quarantined: ['not-json'] },
      lambda: { quarantined: 'not-json' },
    },
    {
      name: 'a raw newline inside a string',
      payload: newlineInString,
      import: { stored: [], quarantined: ['not-json', 'not-json'] },
      lambda: { quarantined: 'not-json' },
    },

    // Compressed input: the import inflates it; to the Lambda it is opaque bytes.
    {
      name: 'a gzipped CTR',
      payload: gzipSync(gzipped),
      import: { stored: [gzipped], quarantined: [] },
      lambda: { quarantined: binaryReason(gzipSync(gzipped)) },
    },
    {
      name: `a gzip bomb (${Math.round(bomb.length / 1024)} KB inflating to ${bombBytes / 1024 / 1024} MB)`,
      payload: bomb,
      import: { stored: [bombCtr], quarantined: [], fileError: /more than \d+ bytes after decompression/ },
      lambda: { quarantined: binaryReason(bomb) },
    },
    {
      name: 'a truncated gzip file',
      payload: truncatedGzip.subarray(0, Math.floor(truncatedGzip.length / 2)),
      import: { stored: [], minStored: 5, quarantined: 'any', fileError: /the gzip stream is truncated/ },
      lambda: { quarantined: binaryReason(truncatedGzip.subarray(0, Math.floor(truncatedGzip.length / 2))) },
    },
  ];
  return cases;
}

export { buildHostileCorpus };
export type { HostileCase, ImportExpectation, LambdaExpectation };
