import type { EventEncoder } from './encoder.js';
import type { StreamEvent } from './event-log.js';
import type { ReplayItem } from './resume.js';
import { MARK_EVENTS } from './run-marks.js';

/**
 * What a new viewer receives first: the most recent rows, as one `batch` event. One event instead
 * of a hundred `update`s is smaller on the wire, one parse and one chart update in the browser,
 * and the same bytes serve every viewer that arrives before the next event (it is cached by the
 * seq it ends at). Its id is that of the last event it covers, so a viewer that drops right after
 * it resumes with what follows.
 */
export class Snapshots {
  private cached: { lastSeq: number; rows: number; item: ReplayItem } | undefined;

  constructor(private readonly encoder: EventEncoder) {}

  /** `tail` is the log's tail covering at least `rows` rows; the result carries at most `rows`. */
  of(tail: readonly StreamEvent[], rows: number): ReplayItem[] {
    const last = tail.at(-1);
    const data = tail.filter((e) => e.rows > 0);
    // Marks (state, alert) reach a new viewer apart from its rows: see RunMarks.
    if (!last || data.length <= 1) return tail.filter((e) => !MARK_EVENTS.has(e.name));
    if (this.cached && this.cached.lastSeq === last.seq && this.cached.rows === rows) return [this.cached.item];
    const merged = this.encoder.emptyColumns();
    for (const event of data) this.encoder.appendRows(event.name, event.payload, merged);
    const keep = Math.max(0, merged.t.length - rows);
    const payload = { t: merged.t.slice(keep), y: merged.y.map((column) => column.slice(keep)) };
    const item: ReplayItem = { frame: this.encoder.frame(last.id, 'batch', payload), seq: last.seq, rows: payload.t.length };
    this.cached = { lastSeq: last.seq, rows, item };
    return [item];
  }
}
