/** One event as a connection received it. */
export interface ReceivedEvent {
  name: string;
  data: unknown;
  id: string;
}

interface CachedRows extends ReceivedEvent {
  rows: number;
}

/** Rows a shared connection keeps for late joiners at most, whatever they ask for. */
export const MAX_CACHED_ROWS = 200_000;
/** State changes and alert transitions kept for late joiners at most. */
export const MAX_CACHED_MARKS = 5000;

/**
 * What a subscriber that joins an open connection needs to draw the same chart as the others: it
 * missed the `meta` event and the recent rows the server sent at connect time. Kept: the last
 * `meta`, the run's `state` and `alert` marks (the newest MAX_CACHED_MARKS), the latest `status` /
 * `progress` / `looped` / `replay` / `jobfinished` / `sourceerror` (in arrival order), and the row
 * events since `meta` and since the last seek, the newest `limit` rows (whole events).
 */
export class ReplayCache {
  private meta: ReceivedEvent | undefined;
  private readonly latest = new Map<string, ReceivedEvent>();
  private rows: CachedRows[] = [];
  private marks: ReceivedEvent[] = [];
  private cachedRows = 0;
  private rowLimit = 0;

  /** Rows to keep: the largest any subscriber asks for, capped at MAX_CACHED_ROWS. */
  setLimit(rows: number): void {
    this.rowLimit = Math.min(MAX_CACHED_ROWS, Math.max(0, rows));
    this.trim();
  }

  /** Rows kept now. */
  get size(): number {
    return this.cachedRows;
  }

  /** The events to hand a newcomer, in the order it must get them (nothing before the first `meta`). */
  replay(): ReceivedEvent[] {
    return this.meta ? [this.meta, ...this.marks, ...this.latest.values(), ...this.rows] : [];
  }

  remember(event: ReceivedEvent): void {
    switch (event.name) {
      case 'meta':
        this.meta = event;
        this.latest.clear(); // meta carries the current progress, pass and status
        return;
      case 'reset':
        this.meta = undefined;
        this.latest.clear();
        this.clearRows();
        this.marks = [];
        return;
      case 'started':
        this.latest.clear();
        this.clearRows();
        this.marks = [];
        this.latest.set(event.name, event);
        return;
      case 'update':
      case 'batch': {
        const rows = event.name === 'update' ? 1 : ((event.data as { t?: unknown[] } | null)?.t?.length ?? 0);
        this.rows.push({ ...event, rows });
        this.cachedRows += rows;
        this.trim();
        return;
      }
      case 'looped': // the element starts a fresh window: so does the cache
        this.clearRows();
        this.keepLatest(event);
        return;
      case 'state':
      case 'alert':
        // Kept over a new connection's `meta` (a resumed one is not sent the marks it had again).
        this.marks.push(event);
        if (this.marks.length > MAX_CACHED_MARKS) this.marks.shift();
        return;
      case 'replay': // a seek: the rows before it are of another part of the file
        if ((event.data as { jump?: boolean } | null)?.jump) this.clearRows();
        this.keepLatest(event);
        return;
      case 'status':
      case 'progress':
      case 'jobfinished':
      case 'sourceerror':
        this.keepLatest(event);
        return;
      default:
        return;
    }
  }

  private keepLatest(event: ReceivedEvent): void {
    this.latest.delete(event.name); // keep arrival order
    this.latest.set(event.name, event);
  }

  private trim(): void {
    if (this.rowLimit === 0) {
      this.clearRows();
      return;
    }
    while (this.rows.length > 1 && this.cachedRows - this.rows[0]!.rows >= this.rowLimit) this.cachedRows -= this.rows.shift()!.rows;
  }

  private clearRows(): void {
    this.rows = [];
    this.cachedRows = 0;
  }
}
