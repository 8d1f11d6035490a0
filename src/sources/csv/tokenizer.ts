// A streaming CSV tokenizer for files as they are found in the field, read the way Python's csv
// module (excel dialect, not strict) and pandas read them:
// - any line ending ends a record: CRLF, LF or a lone CR, also mixed within one file; line breaks
//   inside a quoted field stay part of the field;
// - a field that starts with a quote is quoted (`""` is a literal quote, text after the closing
//   quote is kept); a quote inside an unquoted field is an ordinary character;
// - empty lines are skipped.
// Unlike csv-parse, a damaged record costs only itself: a record longer than the limit is skipped
// without being held in memory (the scan goes on, tracking quotes, to its end), and a quote left
// open at the end of the input drops only that last record.
//
// It works on bytes: every character that gives CSV its structure is ASCII, and in UTF-8 no byte of
// a multi-byte character is, so only the fields that are kept are ever decoded (bytes that are not
// UTF-8 become U+FFFD then). A wide file of which a stream shows four columns is mostly skipped over.

/** Why a record was skipped. */
export type BadRecordKind = 'oversized' | 'unterminated';

/** Receives what the tokenizer finds, in input order. */
export interface CsvSink {
  /**
   * A record. `fields` holds the projected fields (all fields without a projection; a field the
   * record does not have is undefined); `fieldCount` is how many fields the record really has;
   * `line` is the physical line (1-based) where it starts; `offset` the byte where it starts (counted
   * from `startOffset`, over every piece pushed).
   */
  record(fields: (string | undefined)[], fieldCount: number, line: number, offset: number): void;
  /** A skipped record, with the line where it starts. */
  bad(kind: BadRecordKind, line: number): void;
}

export interface CsvTokenizerOptions {
  /** One character. */
  delimiter: string;
  /** A record with more bytes than this (its line break excluded) is skipped. */
  maxRecordBytes: number;
  /** Where the first piece starts in the file, when tokenizing from the middle of it (default 0). */
  startOffset?: number;
  /** The line number of the first piece's first line (default 1). */
  startLine?: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

// biome-ignore lint/suspicious/noConstEnum: file-local, inlined as numbers in the tokenizer's hot loop
const enum State {
  /** Before the first character of a record (a line break here is an empty line). */
  RecordStart,
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the closing quote, or the first of a doubled one. */
  QuoteInQuoted,
}

export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly maxRecordBytes: number;
  private state = State.RecordStart;
  /** Field index → slot in the emitted record, or -1 to drop it; undefined keeps every field. */
  private slots: Int32Array | undefined;
  private slotCount = 0;
  private fields: (string | undefined)[] = [];
  private fieldIndex = 0;
  /** The current field's text from earlier runs (a doubled quote ends a run). */
  private partial = '';
  /** Bytes of the current run carried from earlier pieces, not decoded yet (a character may be split). */
  private pending: Buffer | undefined;
  /** Bytes of the current record in earlier pieces. */
  private carried = 0;
  private skipping = false;
  /** A CR ended the last record: an LF right after it belongs to it. */
  private afterCR = false;
  private line: number;
  private recordLine: number;
  /** Bytes pushed before the current piece, plus `startOffset`. */
  private consumed: number;
  private recordOffset: number;

  constructor(options: CsvTokenizerOptions) {
    if (typeof options.delimiter !== 'string' || options.delimiter.length !== 1) {
      throw new TypeError(`delimiter must be one character, got ${JSON.stringify(options.delimiter)}`);
    }
    if (options.delimiter === '"' || options.delimiter === '\r' || options.delimiter === '\n') {
      throw new TypeError(`delimiter cannot be a quote or a line break, got ${JSON.stringify(options.delimiter)}`);
    }
    if (options.delimiter.charCodeAt(0) > 0x7f) {
      throw new TypeError(`delimiter must be an ASCII character, got ${JSON.stringify(options.delimiter)}`);
    }
    if (!Number.isInteger(options.maxRecordBytes) || options.maxRecordBytes < 1) {
      throw new TypeError(`maxRecordBytes must be a positive integer, got ${options.maxRecordBytes}`);
    }
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRecordBytes = options.maxRecordBytes;
    this.line = this.recordLine = options.startLine ?? 1;
    this.consumed = this.recordOffset = options.startOffset ?? 0;
  }

  /**
   * From the next record on, emit only the fields at `indexes`, in that order (the others are never
   * sliced out of the input, which is most of the cost of a wide file). `undefined` emits all.
   */
  project(indexes: readonly number[] | undefined): void {
    if (indexes === undefined) {
      this.slots = undefined;
      return;
    }
    const size = indexes.length === 0 ? 0 : Math.max(...indexes) + 1;
    this.slots = new Int32Array(size).fill(-1);
    indexes.forEach((index, slot) => {
      this.slots![index] = slot;
    });
    this.slotCount = indexes.length;
  }

  /** Tokenizes the next piece of the input (UTF-8 bytes; a record, or a character, may span pieces). */
  push(bytes: Buffer, sink: CsvSink): void {
    const delimiter = this.delimiter;
    const n = bytes.length;
    let i = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (n > 0 && bytes[0] === LF) i = 1;
    }
    // Where the current record and the current run of field text started in this piece.
    let recordStart = i;
    let runStart = i;
    while (i < n) {
      const c = bytes[i]!;
      // The states are tested in this order so that one may hand its character to the next.
      if (this.state === State.RecordStart) {
        if (c === CR || c === LF) {
          // An empty line: no record.
          i = this.lineBreak(bytes, i);
          recordStart = runStart = i;
          continue;
        }
        this.recordLine = this.line;
        this.recordOffset = this.consumed + i;
        this.state = State.FieldStart;
      }
      if (this.state === State.FieldStart) {
        if (c === QUOTE) {
          this.state = State.Quoted;
          runStart = i + 1;
          i++;
          continue;
        }
        this.state = State.Unquoted;
        runStart = i;
      }
      if (this.state === State.Unquoted) {
        // The common case: scan to the end of the field in one tight loop.
        let j = i;
        let d = c;
        while (d !== delimiter && d !== CR && d !== LF) {
          if (++j === n) break;
          d = bytes[j]!;
        }
        if (j === n) {
          this.carry(bytes, runStart);
          i = n;
          continue;
        }
        this.keep(bytes, runStart, j);
        if (d === delimiter) {
          this.endField();
          this.state = State.FieldStart;
          i = j + 1;
          runStart = i;
          continue;
        }
        if (this.tooLong(j - recordStart)) this.startSkipping();
        this.endField();
        i = this.endRecord(bytes, j, sink);
        recordStart = runStart = i;
        continue;
      }
      if (this.state === State.Quoted) {
        const q = bytes.indexOf(QUOTE, i);
        const end = q === -1 ? n : q;
        // Line breaks inside the field count as lines (for line numbers) but end nothing.
        for (let k = i; k < end; k++) {
          const e = bytes[k];
          if (e === LF || (e === CR && bytes[k + 1] !== LF)) this.line++;
        }
        if (q === -1) {
          this.carry(bytes, runStart);
          i = n;
          continue;
        }
        this.keep(bytes, runStart, q);
        this.state = State.QuoteInQuoted;
        i = q + 1;
        runStart = i;
        continue;
      }
      // QuoteInQuoted
      if (c === QUOTE) {
        // A doubled quote: one literal quote, still inside the field.
        this.keep(bytes, i, i + 1);
        this.state = State.Quoted;
        i++;
        runStart = i;
        continue;
      }
      if (c === delimiter) {
        this.endField();
        this.state = State.FieldStart;
        i++;
        runStart = i;
        continue;
      }
      if (c === CR || c === LF) {
        if (this.tooLong(i - recordStart)) this.startSkipping();
        this.endField();
        i = this.endRecord(bytes, i, sink);
        recordStart = runStart = i;
        continue;
      }
      // Text after the closing quote: kept, as an unquoted continuation of the field.
      this.state = State.Unquoted;
      runStart = i;
    }
    // The piece ended inside a record: carry what is needed, and bound it.
    if (this.state !== State.RecordStart) {
      this.carried += n - recordStart;
      if (this.carried > this.maxRecordBytes) this.startSkipping();
    }
    this.consumed += n;
  }

  /** The input has ended: a record without a final line break is complete; an open quote is not. */
  end(sink: CsvSink): void {
    this.afterCR = false;
    if (this.state === State.RecordStart) return;
    if (this.state === State.Quoted) {
      this.reset();
      sink.bad('unterminated', this.recordLine);
      return;
    }
    if (this.carried > this.maxRecordBytes) this.startSkipping();
    this.endField();
    this.emit(sink);
  }

  /** Whether the current field is delivered (its bytes are worth decoding). */
  private kept(): boolean {
    return !this.skipping && (this.slots === undefined || (this.fieldIndex < this.slots.length && this.slots[this.fieldIndex]! >= 0));
  }

  /** Appends bytes[from, to) to the current field, unless the field is not kept. */
  private keep(bytes: Buffer, from: number, to: number): void {
    if (!this.kept()) return;
    let text: string;
    if (this.pending !== undefined) {
      text = Buffer.concat([this.pending, bytes.subarray(from, to)]).toString('utf8');
      this.pending = undefined;
    } else {
      if (from === to) return;
      text = bytes.toString('utf8', from, to);
    }
    this.partial = this.partial === '' ? text : this.partial + text;
  }

  /** The piece ends inside a run of field text: keep its bytes for the next piece (copied: pieces are not ours). */
  private carry(bytes: Buffer, from: number): void {
    if (from === bytes.length || !this.kept()) return;
    const tail = bytes.subarray(from);
    this.pending = this.pending === undefined ? Buffer.from(tail) : Buffer.concat([this.pending, tail]);
  }

  private endField(): void {
    if (this.pending !== undefined) this.keep(this.pending.subarray(0, 0), 0, 0); // the end of the input
    if (!this.skipping) {
      if (this.slots === undefined) this.fields.push(this.partial);
      else if (this.fieldIndex < this.slots.length) {
        const slot = this.slots[this.fieldIndex]!;
        if (slot >= 0) this.fields[slot] = this.partial;
      }
    }
    this.partial = '';
    this.pending = undefined;
    this.fieldIndex++;
  }

  private tooLong(inThisPiece: number): boolean {
    return this.carried + inThisPiece > this.maxRecordBytes;
  }

  /** The record at hand is over the limit: drop what it holds, and keep scanning to its end. */
  private startSkipping(): void {
    this.skipping = true;
    this.partial = '';
    this.pending = undefined;
    this.fields = [];
  }

  /** Ends the record at the line break at `i`; returns the index after the line break. */
  private endRecord(bytes: Buffer, i: number, sink: CsvSink): number {
    this.emit(sink);
    return this.lineBreak(bytes, i);
  }

  private emit(sink: CsvSink): void {
    const { skipping, fieldIndex, recordLine, recordOffset, fields } = this;
    this.reset();
    if (skipping) {
      sink.bad('oversized', recordLine);
      return;
    }
    if (this.slots !== undefined && fields.length < this.slotCount) fields.length = this.slotCount;
    sink.record(fields, fieldIndex, recordLine, recordOffset);
  }

  private reset(): void {
    this.state = State.RecordStart;
    this.fields = [];
    this.fieldIndex = 0;
    this.partial = '';
    this.pending = undefined;
    this.carried = 0;
    this.skipping = false;
  }

  /** Steps over the line break at `i` (CRLF as one); returns the index after it. */
  private lineBreak(bytes: Buffer, i: number): number {
    this.line++;
    if (bytes[i] === CR) {
      if (i + 1 === bytes.length) {
        this.afterCR = true;
        return i + 1;
      }
      if (bytes[i + 1] === LF) return i + 2;
    }
    return i + 1;
  }
}
