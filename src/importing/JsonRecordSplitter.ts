/**
 * Splits a byte stream into JSON object records, keeping each record's original bytes: Kinesis
 * Firehose files (objects concatenated with no delimiter), NDJSON, a single object, or a top-level
 * array of objects. Written by hand because the JSON streaming libraries return parsed values, not
 * the original byte spans the archive must store.
 *
 * It works on bytes, not text: every structural character of JSON is ASCII and no byte of a UTF-8
 * multi-byte sequence is below 0x80, so the split is exact whatever the encoding of the strings,
 * and invalid UTF-8 reaches the caller untouched (to be quarantined as `not-utf8`). One pass, each
 * byte looked at once, so time is linear in the input; memory holds at most one record (bounded by
 * `maxRecordBytes`) plus one snippet, whatever the input's size.
 *
 * Between records, whitespace (CR and LF included), commas, `[` and `]` and a UTF-8 byte order mark
 * are separators. Anything else that cannot be a record comes out as a `fragment` with a reason, so
 * the caller can quarantine it: text outside any object (up to the next line or `{`, kept as a
 * snippet of at most `maxSnippetBytes`), objects broken by a raw newline inside a string (impossible
 * in valid JSON) or, in NDJSON input, by the end of their line, objects cut short by the end of the
 * input, and objects larger than `maxRecordBytes` (a truncated copy, reason `too-large`). The valid
 * records around a fragment come out once each, untouched.
 */
import { MAX_CTR_BYTES, MAX_QUARANTINE_SNIPPET_BYTES } from '../constants.ts';

/** Why a piece of the input is not a record. */
type FragmentReason = 'not-json' | 'truncated' | 'too-large';

/** One piece of the input; `offset` is its first byte's position in the whole input. */
type SplitItem =
  | { readonly kind: 'record'; readonly bytes: Buffer; readonly offset: number }
  | {
      readonly kind: 'fragment';
      /** The fragment's bytes, or its first `maxSnippetBytes` when it was longer. */
      readonly bytes: Buffer;
      readonly offset: number;
      /** The fragment's full length in bytes (more than `bytes.length` when truncated). */
      readonly size: number;
      readonly reason: FragmentReason;
    };

/** Options of {@link JsonRecordSplitter}. */
interface SplitterOptions {
  /** Largest record passed on whole; a larger one becomes a `too-large` fragment. @default MAX_CTR_BYTES (1 MiB) */
  readonly maxRecordBytes?: number;
  /** Most bytes kept of a fragment. @default MAX_QUARANTINE_SNIPPET_BYTES (64 KiB) */
  readonly maxSnippetBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

/** Collects the bytes of one record or fragment, keeping at most `limit` of them. */
class Span {
  public parts: Buffer[] = [];
  public kept = 0;
  public size = 0;
  public constructor(
    public readonly offset: number,
    private readonly limit: number,
  ) {}

  public add(piece: Buffer): void {
    this.size += piece.length;
    if (this.kept >= this.limit || piece.length === 0) return;
    const take = Math.min(piece.length, this.limit - this.kept);
    // Copy: a slice would pin the whole input chunk.
    this.parts.push(Buffer.from(piece.subarray(0, take)));
    this.kept += take;
  }

  public bytes(): Buffer {
    return this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.kept);
  }
}

class JsonRecordSplitter {
  readonly #maxRecord: number;
  readonly #maxSnippet: number;
  /** Position in the whole input of the next byte pushed. */
  #offset = 0;
  #record: Span | undefined;
  #recordHasNewline = false;
  #depth = 0;
  #inString = false;
  #escape = false;
  #garbage: Span | undefined;
  /** Bytes of a byte order mark matched so far between records. */
  #bom = 0;
  #ndjson: boolean | undefined;
  /** Set after the first record: NDJSON is decided by the byte that follows it. */
  #decideNdjson: 'single-line' | 'multi-line' | undefined;

  public constructor(options: SplitterOptions = {}) {
    this.#maxRecord = options.maxRecordBytes ?? MAX_CTR_BYTES;
    this.#maxSnippet = Math.min(options.maxSnippetBytes ?? MAX_QUARANTINE_SNIPPET_BYTES, this.#maxRecord);
  }

  /** Feeds more bytes; returns the records and fragments they completed. */
  public push(input: Uint8Array): SplitItem[] {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const out: SplitItem[] = [];
    const base = this.#offset;
    /** Where the open record or garbage began in this chunk. */
    let from = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk[i] as number;
      if (this.#record) {
        if (this.#inString) {
          if (this.#escape) this.#escape = false;
          else if (c === 0x5c) this.#escape = true;
          else if (c === 0x22) this.#inString = false;
          else if (c === LF) this.#breakRecord(out, chunk.subarray(from, i), 'not-json');
          continue;
        }
        if (c === 0x22) this.#inString = true;
        else if (c === 0x7b || c === 0x5b) this.#depth += 1;
        else if (c === 0x7d || c === 0x5d) {
          this.#depth -= 1;
          if (this.#depth === 0) this.#completeRecord(out, chunk.subarray(from, i + 1));
        } else if (c === LF) {
          if (this.#ndjson === true) this.#breakRecord(out, chunk.subarray(from, i), 'truncated');
          else this.#recordHasNewline = true;
        }
        continue;
      }
      // Between records.
      if (this.#decideNdjson !== undefined) {
        this.#ndjson = this.#decideNdjson === 'single-line' && (c === LF || c === CR);
        this.#decideNdjson = undefined;
      }
      if (this.#garbage) {
        if (c !== LF && c !== 0x7b) continue;
        this.#flushGarbage(out, chunk.subarray(from, i));
        if (c === LF) continue;
      }
      if (this.#bom > 0) {
        if (c === BOM[this.#bom]) {
          this.#bom = this.#bom === 2 ? 0 : this.#bom + 1;
          continue;
        }
        // Not a byte order mark after all: its first bytes start a piece of garbage.
        this.#garbage = new Span(base + i - this.#bom, this.#maxSnippet);
        this.#garbage.add(Buffer.from(BOM.slice(0, this.#bom)));
        this.#bom = 0;
        if (c === 0x7b || c === LF) {
          this.#flushGarbage(out, chunk.subarray(i, i));
          if (c === LF) continue;
        } else {
          from = i;
          continue;
        }
      }
      if (c === 0x7b) {
        this.#record = new Span(base + i, this.#maxRecord + 1);
        this.#depth = 1;
        this.#recordHasNewline = false;
        from = i;
      } else if (c === BOM[0]) this.#bom = 1;
      else if (!(c === 0x20 || c === LF || c === CR || c === 0x09 || c === 0x2c || c === 0x5b || c === 0x5d)) {
        this.#garbage = new Span(base + i, this.#maxSnippet);
        from = i;
      }
    }
    // Keep the unfinished tail for the next chunk.
    if (this.#record) this.#record.add(chunk.subarray(from));
    else if (this.#garbage) this.#garbage.add(chunk.subarray(from));
    this.#offset += chunk.length;
    return out;
  }

  /** Ends the input; an unfinished record comes out as a `truncated` (or `too-large`) fragment. */
  public end(): SplitItem[] {
    const out: SplitItem[] = [];
    if (this.#record) this.#breakRecord(out, Buffer.alloc(0), 'truncated');
    else if (this.#garbage) this.#flushGarbage(out, Buffer.alloc(0));
    else if (this.#bom > 0) {
      this.#garbage = new Span(this.#offset - this.#bom, this.#maxSnippet);
      this.#garbage.add(Buffer.from(BOM.slice(0, this.#bom)));
      this.#flushGarbage(out, Buffer.alloc(0));
    }
    this.#bom = 0;
    return out;
  }

  #completeRecord(out: SplitItem[], last: Buffer): void {
    const record = this.#record as Span;
    record.add(last);
    if (record.size > this.#maxRecord) {
      this.#emitFragment(out, record, 'too-large');
    } else {
      if (this.#ndjson === undefined) this.#decideNdjson = this.#recordHasNewline ? 'multi-line' : 'single-line';
      out.push({ kind: 'record', bytes: record.bytes(), offset: record.offset });
    }
    this.#record = undefined;
  }

  #breakRecord(out: SplitItem[], last: Buffer, reason: 'not-json' | 'truncated'): void {
    const record = this.#record as Span;
    record.add(last);
    this.#emitFragment(out, record, record.size > this.#maxRecord ? 'too-large' : reason);
    this.#record = undefined;
    this.#depth = 0;
    this.#inString = false;
    this.#escape = false;
  }

  #flushGarbage(out: SplitItem[], last: Buffer): void {
    const garbage = this.#garbage as Span;
    garbage.add(last);
    this.#garbage = undefined;
    // Trailing whitespace (a CR before the line's end) is a separator, not part of the garbage.
    let bytes = garbage.bytes();
    let size = garbage.size;
    if (size === bytes.length) {
      let end = bytes.length;
      while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === CR || bytes[end - 1] === 0x09)) end -= 1;
      bytes = bytes.subarray(0, end);
      size = end;
    }
    if (size > 0) out.push({ kind: 'fragment', bytes, offset: garbage.offset, size, reason: 'not-json' });
  }

  #emitFragment(out: SplitItem[], span: Span, reason: FragmentReason): void {
    const bytes = span.bytes();
    out.push({
      kind: 'fragment',
      bytes: bytes.length > this.#maxSnippet ? bytes.subarray(0, this.#maxSnippet) : bytes,
      offset: span.offset,
      size: span.size,
      reason,
    });
  }
}

export { JsonRecordSplitter };
export type { FragmentReason, SplitItem, SplitterOptions };
