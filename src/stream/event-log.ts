import { RingBuffer } from './ring-buffer.js';

/** An event of a stream run, serialized once; the same bytes go to every viewer. */
export interface StreamEvent {
  /** Position in the run, from 1. */
  seq: number;
  /** The SSE id the event was sent with. */
  id: string;
  name: string;
  /** Data rows the event carries (0 for lifecycle events). */
  rows: number;
  frame: Buffer;
  /** What the frame's data says, as an object: for anything that needs the content (never re-parsed from the frame). */
  payload: unknown;
  /** For rows from a partitioned log: `[partition, offset, partition, offset, …]`, one pair per row. */
  positions?: number[];
  /** A stored run's events: the rows sent up to and with this one (see EventId.rows). */
  through?: number;
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

  get capacity(): number {
    return this.ring.capacity;
  }

  get bytes(): number {
    return this.ring.size;
  }

  /**
   * Events come in seq order. Seqs may skip: a run continued from the store gets back its rows and
   * marks, not the transient events between them (progress, status).
   */
  append(event: StreamEvent): void {
    const newest = this.ring.newest();
    if (newest && event.seq <= newest.seq) throw new RangeError(`event ${event.seq} does not follow ${newest.seq}`);
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
    return this.from(this.indexAfter(seq));
  }

  /**
   * The newest events that together carry at least `rows` data rows (or all that are kept), none
   * before the event with seq `fromSeq`.
   */
  tail(rows: number, fromSeq = 0): StreamEvent[] {
    let start = this.ring.length;
    let carried = 0;
    while (start > 0 && carried < rows && this.ring.at(start - 1)!.seq >= fromSeq) carried += this.ring.at(--start)!.rows;
    const out: StreamEvent[] = [];
    for (let i = start; i < this.ring.length; i++) out.push(this.ring.at(i)!);
    return out;
  }

  /** The events from the i-th kept one (oldest first) to the newest. */
  from(index: number): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (let i = Math.max(0, index); i < this.ring.length; i++) out.push(this.ring.at(i)!);
    return out;
  }

  /** The kept event with this seq, if any. */
  get(seq: number): StreamEvent | undefined {
    const event = this.ring.at(this.indexAfter(seq - 1));
    return event?.seq === seq ? event : undefined;
  }

  /** The index (oldest first) of the first kept event after `seq` (length when none). */
  private indexAfter(seq: number): number {
    let lo = 0;
    let hi = this.ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ring.at(mid)!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index (oldest first) of the kept event with this id, searching from the newest; -1 if none. */
  indexOfId(id: string): number {
    for (let i = this.ring.length - 1; i >= 0; i--) if (this.ring.at(i)!.id === id) return i;
    return -1;
  }
}
