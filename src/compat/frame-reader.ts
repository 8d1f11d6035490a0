// The encoded `update` events of one CSV file, produced as the file is read.
import type { CsvRecord } from '../sources/csv/file.js';
import { updateEvent } from './demo-format.js';

/** What a replay reads its events from. */
export interface FrameSource {
  /**
   * The event of row `i` (rows are asked for in order), or undefined while it is not read yet and
   * after the last row.
   */
  take(i: number): Buffer | undefined;
  /** Rows in the file, once it has been read to the end. */
  readonly total: number | undefined;
  /** Set when reading failed after the header: no row after those read will come. */
  readonly failure: unknown;
  /** The replay is over (finished or left). */
  release(): void;
}

/**
 * Reads a file's records and encodes each row once. Without a window every event is kept (a file
 * shared by many replays); with one, at most about `window` rows ahead of the last row taken are
 * held and the rows before it are forgotten (one replay of a file too large to keep).
 */
export class FrameReader implements FrameSource {
  /** Resolves once the header was read (with the first rows, or at the end); rejects if it could not be. */
  readonly started: Promise<void>;
  /** Resolves when reading stopped: the end of the file, a failure, or close(). */
  readonly stopped: Promise<void>;
  total: number | undefined;
  failure: unknown;
  /** Bytes of the events held. */
  bytes = 0;
  private frames: Buffer[] = [];
  /** Row index of frames[0]. */
  private base = 0;
  /** The next row a windowed replay will take. */
  private position = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly abort = new AbortController();

  constructor(
    read: (signal: AbortSignal) => AsyncGenerator<CsvRecord[]>,
    private readonly window?: number,
  ) {
    let onStart!: () => void;
    let onStartFailure!: (error: unknown) => void;
    this.started = new Promise((resolve, reject) => {
      onStart = resolve;
      onStartFailure = reject;
    });
    this.started.catch(() => undefined); // a failed start is the caller's to handle, when it awaits it
    this.stopped = this.pump(read(this.abort.signal), onStart, onStartFailure);
  }

  take(i: number): Buffer | undefined {
    if (this.window !== undefined) {
      this.position = i;
      // Forget the rows already sent, a window at a time (not one splice per row).
      if (i - this.base >= this.window) {
        this.dropBefore(i);
        this.wake?.();
      }
    }
    return this.frames[i - this.base];
  }

  release(): void {
    this.close();
  }

  /** Stops reading (a windowed reader's replay ended). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.wake?.();
  }

  private async pump(records: AsyncGenerator<CsvRecord[]>, onStart: () => void, onStartFailure: (error: unknown) => void): Promise<void> {
    let started = false;
    try {
      for await (const batch of records) {
        this.append(batch);
        if (!started) {
          started = true;
          onStart();
        }
        while (!this.closed && this.window !== undefined && this.base + this.frames.length - this.position >= this.window) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
        }
        if (this.closed) return;
      }
      this.total = this.base + this.frames.length;
      if (!started) onStart(); // a header and no rows
    } catch (error) {
      if (started) this.failure = error;
      else onStartFailure(error);
    } finally {
      if (this.closed) this.frames = [];
    }
  }

  private append(batch: CsvRecord[]): void {
    // One buffer per batch; each row's event is a view of it (no allocation per row and write).
    // The events are ASCII (json.dumps escapes the rest), so a character is a byte.
    const texts = batch.map(updateEvent);
    const block = Buffer.from(texts.join(''), 'latin1');
    let offset = 0;
    for (const text of texts) {
      this.frames.push(block.subarray(offset, offset + text.length));
      offset += text.length;
    }
    this.bytes += block.length;
  }

  private dropBefore(i: number): void {
    const dropped = this.frames.splice(0, Math.min(i - this.base, this.frames.length));
    for (const frame of dropped) this.bytes -= frame.length;
    this.base += dropped.length;
  }
}
