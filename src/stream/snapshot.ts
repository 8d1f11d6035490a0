import type { StreamEvent } from './event-log.js';
import type { ReplayItem } from './resume.js';
import { encodeEvent } from './sse.js';

/**
 * What a new viewer receives first: the most recent rows, as one `batch` event. One event instead
 * of a hundred `update`s is smaller on the wire, one parse and one chart update in the browser,
 * and the same bytes serve every viewer that arrives before the next event (it is cached by the
 * seq it ends at). Its id is that of the last event it covers, so a viewer that drops right after
 * it resumes with what follows.
 */
export class Snapshots {
  private cached: { lastSeq: number; rows: number; item: ReplayItem } | undefined;

  constructor(
    private readonly timeName: string,
    private readonly seriesNames: readonly string[],
  ) {}

  /** `tail` is the log's tail covering at least `rows` rows; the result carries at most `rows`. */
  of(tail: readonly StreamEvent[], rows: number): ReplayItem[] {
    const last = tail.at(-1);
    const data = tail.filter((e) => e.rows > 0);
    if (!last || data.length <= 1) return [...tail];
    if (this.cached && this.cached.lastSeq === last.seq && this.cached.rows === rows) return [this.cached.item];
    const t: unknown[] = [];
    const y: unknown[][] = this.seriesNames.map(() => []);
    for (const event of data) this.append(event, t, y);
    const keep = Math.max(0, t.length - rows);
    const body = JSON.stringify({ t: t.slice(keep), y: y.map((column) => column.slice(keep)) });
    const item: ReplayItem = { frame: encodeEvent(last.id, 'batch', body), seq: last.seq, rows: t.length - keep };
    this.cached = { lastSeq: last.seq, rows, item };
    return [item];
  }

  private append(event: StreamEvent, t: unknown[], y: unknown[][]): void {
    const text = event.frame.toString('utf8');
    const data = JSON.parse(text.slice(text.indexOf('\ndata: ') + 7, -2));
    if (event.name === 'batch') {
      t.push(...(data as { t: unknown[] }).t);
      (data as { y: unknown[][] }).y.forEach((column, i) => y[i]?.push(...column));
    } else {
      t.push(data[this.timeName]);
      this.seriesNames.forEach((name, i) => y[i]!.push(data[name]));
    }
  }
}
