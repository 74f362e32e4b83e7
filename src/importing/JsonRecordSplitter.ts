/**
 * Splits a text stream into JSON object records, keeping each record's original text: Kinesis
 * Firehose files (objects concatenated with no delimiter), NDJSON, a single object, or a top-level
 * array of objects. Written by hand because the JSON streaming libraries return parsed values, not
 * the original text spans the archive must store.
 *
 * Anything that cannot be a record comes out as a `fragment` with a reason, so the caller can
 * quarantine it: text outside any object, and objects broken by a raw newline inside a string
 * (impossible in valid JSON) or, in NDJSON input, by the end of their line.
 */

/** One piece of the input. */
type SplitItem = { readonly kind: 'record'; readonly text: string } | { readonly kind: 'fragment'; readonly text: string; readonly reason: 'not-json' | 'truncated' };

class JsonRecordSplitter {
  #buf = '';
  #pos = 0;
  #start = -1;
  #depth = 0;
  #inString = false;
  #escape = false;
  #arrayDepth = 0;
  #garbageStart = -1;
  #ndjson: boolean | undefined;
  /** Set after the first record: NDJSON is decided by the character that follows it. */
  #decideNdjson: 'single-line' | 'multi-line' | undefined;

  /** Feeds more text; returns the records and fragments it completed. */
  public push(chunk: string): SplitItem[] {
    this.#buf += chunk;
    const out: SplitItem[] = [];
    const buf = this.#buf;
    for (let i = this.#pos; i < buf.length; i += 1) {
      const c = buf.charCodeAt(i);
      if (this.#start >= 0) {
        if (this.#inString) {
          if (this.#escape) this.#escape = false;
          else if (c === 0x5c) this.#escape = true;
          else if (c === 0x22) this.#inString = false;
          else if (c === 0x0a) this.#breakRecord(out, i, 'not-json');
          continue;
        }
        if (c === 0x22) this.#inString = true;
        else if (c === 0x7b || c === 0x5b) this.#depth += 1;
        else if (c === 0x7d || c === 0x5d) {
          this.#depth -= 1;
          if (this.#depth === 0) this.#completeRecord(out, i);
        } else if (c === 0x0a && this.#ndjson === true) this.#breakRecord(out, i, 'truncated');
        continue;
      }
      // Between records.
      if (this.#decideNdjson !== undefined) {
        this.#ndjson = this.#decideNdjson === 'single-line' && (c === 0x0a || c === 0x0d);
        this.#decideNdjson = undefined;
      }
      const space = c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
      if (this.#garbageStart >= 0) {
        if (c === 0x0a || (c === 0x7b && this.#atLineStart(i))) this.#flushGarbage(out, i);
        if (c !== 0x7b) continue;
      }
      if (space) continue;
      if (c === 0x7b) {
        this.#start = i;
        this.#depth = 1;
      } else if (c === 0x5b && this.#arrayDepth === 0) this.#arrayDepth = 1;
      else if (this.#arrayDepth === 1 && (c === 0x2c || c === 0x5d)) {
        if (c === 0x5d) this.#arrayDepth = 0;
      } else this.#garbageStart = i;
    }
    this.#pos = buf.length;
    this.#compact();
    return out;
  }

  /** Ends the input; an unfinished record comes out as a `truncated` fragment. */
  public end(): SplitItem[] {
    const out: SplitItem[] = [];
    if (this.#start >= 0) {
      const text = this.#buf.slice(this.#start);
      if (text.trim() !== '') out.push({ kind: 'fragment', text, reason: 'truncated' });
    } else if (this.#garbageStart >= 0) this.#flushGarbage(out, this.#buf.length);
    this.#buf = '';
    this.#pos = 0;
    this.#start = -1;
    return out;
  }

  #atLineStart(i: number): boolean {
    return i === 0 || this.#buf.charCodeAt(i - 1) === 0x0a;
  }

  #completeRecord(out: SplitItem[], i: number): void {
    const text = this.#buf.slice(this.#start, i + 1);
    if (this.#ndjson === undefined) this.#decideNdjson = text.includes('\n') ? 'multi-line' : 'single-line';
    out.push({ kind: 'record', text });
    this.#start = -1;
  }

  #breakRecord(out: SplitItem[], i: number, reason: 'not-json' | 'truncated'): void {
    out.push({ kind: 'fragment', text: this.#buf.slice(this.#start, i), reason });
    this.#start = -1;
    this.#depth = 0;
    this.#inString = false;
    this.#escape = false;
  }

  #flushGarbage(out: SplitItem[], end: number): void {
    const text = this.#buf.slice(this.#garbageStart, end);
    if (text.trim() !== '') out.push({ kind: 'fragment', text, reason: 'not-json' });
    this.#garbageStart = -1;
  }

  /** Drops text that no pending record or fragment still needs. */
  #compact(): void {
    const keepFrom = Math.min(...[this.#start, this.#garbageStart, this.#pos].filter((n) => n >= 0));
    const cut = Math.max(0, keepFrom - 1); // keep one char for the line-start check
    if (cut === 0) return;
    this.#buf = this.#buf.slice(cut);
    this.#pos -= cut;
    if (this.#start >= 0) this.#start -= cut;
    if (this.#garbageStart >= 0) this.#garbageStart -= cut;
  }
}

export { JsonRecordSplitter };
export type { SplitItem };
