// One chunk of a stream's history: up to CHUNK_ROWS rows of one pass, in non-decreasing time, as
// typed arrays (times in epoch ms; numbers with NaN for a gap) and text as codes into the
// chunk's own small dictionary. Chunks are what the store evicts, whole.

import { BLOCK_ROWS, type BlockExtremes } from '../values/m4-decimation.js';

export const CHUNK_ROWS = 8192;
const FIRST_ROWS = 64;
/** Estimated cost of a distinct string of a text column's dictionary, beyond its characters. */
const STRING_OVERHEAD = 32;

export interface TextColumn {
  /** Index into `values` per row; -1 for null. */
  codes: Int32Array;
  values: string[];
  /** Dropped when the chunk is full: only the chunk being filled looks strings up. */
  index: Map<string, number> | undefined;
}

export class HistoryChunk {
  length = 0;
  t: Float64Array;
  readonly numbers: Float64Array[];
  /** Per number column, each block's smallest and largest value (see BlockExtremes). */
  readonly extremes: BlockExtremes[];
  readonly texts: TextColumn[];
  private textBytes = 0;

  constructor(
    /** The pass of a looping replay the rows belong to (0 for the first and for other sources). */
    readonly pass: number,
    /** The run-wide sequence number of the chunk's first row (rows are numbered as appended). */
    readonly firstSeq: number,
    numberColumns: number,
    textColumns: number,
    /** Rows at most (CHUNK_ROWS, or fewer for a small bound, so eviction stays fine-grained). */
    private readonly maxRows = CHUNK_ROWS,
  ) {
    const FIRST_CAPACITY = Math.min(FIRST_ROWS, maxRows);
    this.t = new Float64Array(FIRST_CAPACITY);
    this.numbers = Array.from({ length: numberColumns }, () => new Float64Array(FIRST_CAPACITY));
    this.extremes = Array.from({ length: numberColumns }, () => ({
      low: new Int32Array(blocksOf(FIRST_CAPACITY)),
      high: new Int32Array(blocksOf(FIRST_CAPACITY)),
    }));
    this.texts = Array.from({ length: textColumns }, () => ({ codes: new Int32Array(FIRST_CAPACITY), values: [], index: new Map() }));
  }

  get capacity(): number {
    return this.t.length;
  }

  get full(): boolean {
    return this.length >= this.maxRows;
  }

  get firstTime(): number {
    return this.t[0]!;
  }

  get lastTime(): number {
    return this.t[this.length - 1]!;
  }

  /** Memory held: the arrays at their capacity, and the dictionaries' strings. */
  get bytes(): number {
    const blockBytes = 8 * blocksOf(this.capacity) * this.extremes.length;
    return this.capacity * (8 * (1 + this.numbers.length) + 4 * this.texts.length) + blockBytes + this.textBytes;
  }

  /** Room for one more row: arrays double up to the chunk's rows (amortized O(1) per row). */
  reserve(): void {
    if (this.length < this.capacity) return;
    const capacity = Math.min(this.maxRows, this.capacity * 2);
    this.t = grow(this.t, capacity);
    for (let i = 0; i < this.numbers.length; i++) this.numbers[i] = grow(this.numbers[i]!, capacity);
    for (const e of this.extremes) {
      e.low = growInt(e.low, blocksOf(capacity));
      e.high = growInt(e.high, blocksOf(capacity));
    }
    for (const text of this.texts) text.codes = growInt(text.codes, capacity);
  }

  /** The code of `value` in text column `i` (-1 for null). */
  code(i: number, value: string | null): number {
    if (value === null) return -1;
    const text = this.texts[i]!;
    let code = text.index!.get(value);
    if (code === undefined) {
      code = text.values.length;
      text.values.push(value);
      text.index!.set(value, code);
      this.textBytes += 2 * value.length + STRING_OVERHEAD;
    }
    return code;
  }

  /** Called when full: the lookup maps are no longer needed. */
  seal(): void {
    for (const text of this.texts) text.index = undefined;
  }

  /** The first index in [0, length) whose time is ≥ `time` (length when none). */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** One past the last index whose time is ≤ `time`. */
  upperBound(time: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function blocksOf(rows: number): number {
  return Math.ceil(rows / BLOCK_ROWS);
}

function grow(array: Float64Array, capacity: number): Float64Array {
  const out = new Float64Array(capacity);
  out.set(array);
  return out;
}

function growInt(array: Int32Array, capacity: number): Int32Array {
  const out = new Int32Array(capacity);
  out.set(array);
  return out;
}
