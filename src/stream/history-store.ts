import type { MemoryKeep } from '../config/history.js';
import { noteExtreme } from '../values/m4-decimation.js';
import type { Row } from '../values/row.js';
import { wireTimeMs } from '../values/convert.js';
import { CHUNK_ROWS, HistoryChunk } from './history-chunk.js';

export interface HistoryColumn {
  name: string;
  type: 'number' | 'text';
}

/** A stretch of one chunk that a query reads: rows `start…end-1`. */
export interface HistorySlice {
  chunk: HistoryChunk;
  start: number;
  end: number;
}

/** What the store holds of one pass of the run. */
export interface PassSummary {
  pass: number;
  from: number;
  to: number;
  rows: number;
}

/**
 * A stream's history for the current run: its pipeline output, columnar and bounded (data time,
 * rows, bytes; see HistorySettings.keep). Rows are appended in chunks (HistoryChunk); a chunk
 * holds one pass and non-decreasing times, so a row older than the one before it, or the first
 * row of a new pass, starts a new chunk. The oldest chunk goes, whole, when a bound is passed.
 * Rows without a time cannot be placed on the time axis and are not kept (`untimed` counts them).
 */
export class HistoryStore {
  private chunks: HistoryChunk[] = [];
  private rowCount = 0;
  private byteCount = 0;
  private seq = 0;
  private pass = 0;
  /** The latest time seen in the run: the duration bound counts back from it. */
  private horizon = Number.NEGATIVE_INFINITY;
  untimed = 0;
  private readonly chunkRows: number;
  /** Where each column's values are: `numbers[i]` or `texts[i]` of a chunk. */
  private readonly slots: { text: boolean; at: number }[];
  private readonly numberColumns: number;
  private readonly textColumns: number;

  constructor(
    private readonly timeName: string,
    readonly columns: readonly HistoryColumn[],
    private readonly keep: MemoryKeep,
  ) {
    let numbers = 0;
    let texts = 0;
    this.slots = columns.map((c) => (c.type === 'text' ? { text: true, at: texts++ } : { text: false, at: numbers++ }));
    this.numberColumns = numbers;
    this.textColumns = texts;
    // Eviction drops whole chunks: small bounds get small chunks (an eighth of a bound at most),
    // so eviction drops little at a time.
    const rowBytes = 8 * (1 + numbers) + 4 * texts;
    this.chunkRows = Math.max(64, Math.min(CHUNK_ROWS, Math.ceil(keep.rows / 8), Math.floor(keep.bytes / 8 / rowBytes)));
  }

  get rows(): number {
    return this.rowCount;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** The number the next appended row gets (rows are numbered from 0 in each run). */
  get nextSeq(): number {
    return this.seq;
  }

  get currentPass(): number {
    return this.pass;
  }

  /** A looping replay started pass `pass`: its rows go into new chunks, told apart by pass. */
  startPass(pass: number): void {
    this.pass = pass;
  }

  append(rows: readonly Row[]): void {
    if (this.keep.rows === 0 || this.keep.bytes === 0) return;
    const time = this.timeName;
    for (const row of rows) {
      const t = wireTimeMs(row[time]);
      if (t !== t) {
        this.untimed++;
        continue;
      }
      const chunk = this.chunkFor(t);
      const before = chunk.bytes;
      chunk.reserve();
      const at = chunk.length;
      chunk.t[at] = t;
      for (let i = 0; i < this.columns.length; i++) {
        const slot = this.slots[i]!;
        const value = row[this.columns[i]!.name];
        if (slot.text) chunk.texts[slot.at]!.codes[at] = chunk.code(slot.at, typeof value === 'string' ? value : null);
        else {
          const column = chunk.numbers[slot.at]!;
          column[at] = typeof value === 'number' ? value : Number.NaN;
          noteExtreme(chunk.extremes[slot.at]!, column, at);
        }
      }
      chunk.length++;
      this.seq++;
      this.rowCount++;
      this.byteCount += chunk.bytes - before;
      if (t > this.horizon) this.horizon = t;
      if (chunk.full) chunk.seal();
    }
    this.evict();
  }

  /** The stretches of rows of `pass` with times in [from, to], oldest chunk first. */
  slices(pass: number, from: number, to: number): HistorySlice[] {
    const out: HistorySlice[] = [];
    for (const chunk of this.chunks) {
      if (chunk.pass !== pass || chunk.length === 0 || chunk.lastTime < from || chunk.firstTime > to) continue;
      const start = chunk.lowerBound(from);
      const end = chunk.upperBound(to);
      if (end > start) out.push({ chunk, start, end });
    }
    return out;
  }

  /** The passes kept, oldest first, with their time spans. */
  passes(): PassSummary[] {
    const out: PassSummary[] = [];
    for (const chunk of this.chunks) {
      if (chunk.length === 0) continue;
      const last = out.at(-1);
      if (last?.pass === chunk.pass) {
        last.from = Math.min(last.from, chunk.firstTime);
        last.to = Math.max(last.to, chunk.lastTime);
        last.rows += chunk.length;
      } else {
        out.push({ pass: chunk.pass, from: chunk.firstTime, to: chunk.lastTime, rows: chunk.length });
      }
    }
    return out;
  }

  /** The chunk the next row goes into: the last one, unless it is full, of another pass or newer than `t`. */
  private chunkFor(t: number): HistoryChunk {
    const last = this.chunks.at(-1);
    if (last && !last.full && last.pass === this.pass && (last.length === 0 || last.lastTime <= t)) return last;
    if (last && !last.full) last.seal();
    const chunk = new HistoryChunk(this.pass, this.seq, this.numberColumns, this.textColumns, this.chunkRows);
    this.chunks.push(chunk);
    this.byteCount += chunk.bytes;
    return chunk;
  }

  /** Drops the oldest chunks while a bound is passed (the newest chunk stays for the duration bound). */
  private evict(): void {
    const { rows, bytes, durationMs } = this.keep;
    const oldestKept = this.horizon - durationMs;
    let drop = 0;
    let droppedRows = 0;
    let droppedBytes = 0;
    while (drop < this.chunks.length) {
      const chunk = this.chunks[drop]!;
      const tooMany = this.rowCount - droppedRows > rows || this.byteCount - droppedBytes > bytes;
      const tooOld = drop < this.chunks.length - 1 && chunk.lastTime < oldestKept;
      if (!tooMany && !tooOld) break;
      droppedRows += chunk.length;
      droppedBytes += chunk.bytes;
      drop++;
    }
    if (drop === 0) return;
    this.chunks = this.chunks.slice(drop);
    this.rowCount -= droppedRows;
    this.byteCount -= droppedBytes;
  }
}

/** Epoch ms of a pipeline time value (ISO-8601 string, or a number of ms); NaN for none. */
