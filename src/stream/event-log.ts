import { RingBuffer } from './ring-buffer.js';

/** An event of a stream run, serialized once; the same bytes go to every viewer. */
export interface StreamEvent {
  /** Position in the run, from 1. */
  seq: number;
  name: string;
  /** Data rows the event carries (0 for lifecycle events). */
  rows: number;
  frame: Buffer;
}

/** The recent events of one run, for resuming viewers and for filling a new viewer's chart. */
export class EventLog {
  private readonly ring: RingBuffer<StreamEvent>;

  constructor(capacity: number, maxBytes: number) {
    this.ring = new RingBuffer(capacity, maxBytes);
  }

  get length(): number {
    return this.ring.length;
  }

  get bytes(): number {
    return this.ring.size;
  }

  append(event: StreamEvent): void {
    const newest = this.ring.newest();
    if (newest && event.seq !== newest.seq + 1) throw new RangeError(`event ${event.seq} does not follow ${newest.seq}`);
    this.ring.push(event, event.frame.length);
  }

  /** The seq of the newest event, or 0 before the first. */
  lastSeq(): number {
    return this.ring.newest()?.seq ?? 0;
  }

  /**
   * The events after `seq`, or undefined if some of them are no longer kept (the viewer must be
   * reset). `seq` equal to the newest seq gives an empty list: the viewer is up to date.
   */
  after(seq: number): StreamEvent[] | undefined {
    const oldest = this.ring.oldest();
    const last = this.lastSeq();
    if (seq > last || seq < 0) return undefined;
    if (seq === last) return [];
    if (!oldest || seq < oldest.seq - 1) return undefined;
    const out: StreamEvent[] = [];
    for (let i = seq - oldest.seq + 1; i < this.ring.length; i++) out.push(this.ring.at(i)!);
    return out;
  }

  /** The newest events that together carry at least `rows` data rows (or all that are kept). */
  tail(rows: number): StreamEvent[] {
    let start = this.ring.length;
    let carried = 0;
    while (start > 0 && carried < rows) carried += this.ring.at(--start)!.rows;
    const out: StreamEvent[] = [];
    for (let i = start; i < this.ring.length; i++) out.push(this.ring.at(i)!);
    return out;
  }

  clear(): void {
    this.ring.clear();
  }
}
