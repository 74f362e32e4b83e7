/**
 * An ordered index on one numeric column (CallStartDateTime): a sorted array of rows plus a small
 * unsorted tail of rows inserted or changed since the last sort. Range look-ups binary-search the
 * sorted part and add the tail; the caller re-checks every candidate against the full predicate,
 * so entries made stale by a change are harmless. The sorted part is rebuilt when the tail grows.
 */

const MIN_TAIL_BEFORE_REBUILD = 5_000;

/** Candidate rows for a key range: a slice of the sorted part, then the tail rows. */
interface IndexRange {
  /** Rows in key order (stale entries already skipped). */
  readonly sorted: Int32Array;
  /** Rows changed since the last sort, in no particular order. */
  readonly tail: readonly number[];
}

class StartTimeIndex {
  #rows = new Int32Array(0);
  #keys = new Float64Array(0);
  #tail: number[] = [];
  #inTail = new Uint8Array(0);

  /** Records that `row` was inserted or its key changed. */
  public noteChanged(row: number): void {
    if (row >= this.#inTail.length) {
      const next = new Uint8Array(Math.max(1024, row * 2));
      next.set(this.#inTail);
      this.#inTail = next;
    }
    if (this.#inTail[row] === 1) return;
    this.#inTail[row] = 1;
    this.#tail.push(row);
  }

  /** Whether the tail has grown enough that a rebuild pays off. */
  public get stale(): boolean {
    return this.#tail.length > Math.max(MIN_TAIL_BEFORE_REBUILD, this.#rows.length / 16);
  }

  /** Re-sorts all rows with a key; rows whose key is NaN (null) are left out. */
  public rebuild(keys: Float64Array, size: number): void {
    let count = 0;
    for (let row = 0; row < size; row += 1) if (!Number.isNaN(keys[row])) count += 1;
    const rows = new Int32Array(count);
    let i = 0;
    for (let row = 0; row < size; row += 1) if (!Number.isNaN(keys[row])) rows[i++] = row;
    rows.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    const sortedKeys = new Float64Array(count);
    for (let j = 0; j < count; j += 1) sortedKeys[j] = keys[rows[j] as number] as number;
    this.#rows = rows;
    this.#keys = sortedKeys;
    for (const row of this.#tail) this.#inTail[row] = 0;
    this.#tail = [];
  }

  /** First position whose key is >= `key` (or > `key` when `after`). */
  #search(key: number, after: boolean): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.#keys[mid] as number;
      if (k < key || (after && k === key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Candidate rows whose key may lie in the range.
   *
   * @param low - lower bound (or -Infinity) and whether it is exclusive
   * @param high - upper bound (or +Infinity) and whether it is exclusive
   */
  public range(low: { value: number; exclusive: boolean }, high: { value: number; exclusive: boolean }): IndexRange {
    const from = this.#search(low.value, low.exclusive);
    const to = this.#search(high.value, !high.exclusive);
    let slice = this.#rows.subarray(from, Math.max(from, to));
    if (this.#tail.length > 0) slice = slice.filter((row) => this.#inTail[row] !== 1);
    return { sorted: slice, tail: this.#tail };
  }
}

export { StartTimeIndex };
export type { IndexRange };
