/**
 * Rows per second of a stream, from the times its rows were delivered.
 *
 * Rows delivered at time t arrived since the delivery before, so the rate is measured from
 * delivery to delivery: the rows of the deliveries after the first one in the window, over the
 * time from that first one to the last. (Counting every delivery in a window of fixed length
 * counts one delivery too many or too few: at 1 row/s over two seconds, that shows 1.0 to 2.0.)
 *
 * Deliveries that come within `burstMs` of each other are one: the page handled several events
 * in one go, typically after it was busy (e.g. loading the chart library), and their times say
 * nothing about the source. After `restart()` (a new connection), the first delivery (and its
 * burst) is the backlog the viewer gets when it connects, the recent rows: it is not counted, and
 * it does not start the measurement either, since it comes at the time of the connection, not at
 * one of the source's.
 *
 * The window reaches back at least `minSpanMs` and at least `minIntervals` deliveries, so a slow
 * stream is measured over enough of its rows to be right, and a fast one still follows a change
 * within about `minSpanMs`. (Not many more intervals: a delivery held up by a busy page skews the
 * figure for as long as it is in the window.) When deliveries stop, the time since the last one
 * counts too, so the rate falls; deliveries older than `maxSpanMs` are forgotten.
 */
export interface RateMeterOptions {
  /** The window covers at least this many ms before now (default 2000). */
  minSpanMs?: number;
  /** …and at least this many intervals between deliveries (default 6). */
  minIntervals?: number;
  /** Deliveries older than this are forgotten (default 30 000). */
  maxSpanMs?: number;
  /** No figure until the measured time is this long (default 500 ms). */
  minMeasuredMs?: number;
  /** Deliveries at most this far apart are one (default 5 ms). */
  burstMs?: number;
}

interface Delivery {
  at: number;
  rows: number;
}

export class RateMeter {
  private deliveries: Delivery[] = [];
  /** The next delivery is a backlog (see restart). */
  private backlogDue = true;
  /** When the backlog's last event came (the events of its burst are the backlog too). */
  private backlogAt = -Infinity;
  private restartedAt: number;
  private readonly minSpanMs: number;
  private readonly minIntervals: number;
  private readonly maxSpanMs: number;
  private readonly minMeasuredMs: number;
  private readonly burstMs: number;

  /** `now` is the clock in ms (injected so tests can drive it). */
  constructor(
    private readonly now: () => number = () => performance.now(),
    options: RateMeterOptions = {},
  ) {
    this.minSpanMs = options.minSpanMs ?? 2000;
    this.minIntervals = options.minIntervals ?? 6;
    this.maxSpanMs = options.maxSpanMs ?? 30_000;
    this.minMeasuredMs = options.minMeasuredMs ?? 500;
    this.burstMs = options.burstMs ?? 5;
    this.restartedAt = now();
  }

  /** `rows` rows arrived now (one event: a row, or a batch of them). */
  record(rows: number): void {
    const at = this.now();
    if (this.backlogDue || at - this.backlogAt <= this.burstMs) {
      this.backlogDue = false;
      this.backlogAt = at;
      return;
    }
    const last = this.deliveries.at(-1);
    if (last && at - last.at <= this.burstMs) {
      last.rows += rows;
      last.at = at;
    } else {
      this.deliveries.push({ at, rows });
    }
  }

  /**
   * Forgets every delivery (a new connection, or a page that was busy): the next delivery is a
   * backlog, the one after starts the measurement.
   */
  restart(): void {
    this.deliveries = [];
    this.backlogDue = true;
    this.backlogAt = -Infinity;
    this.restartedAt = this.now();
  }

  /**
   * Rows per second now; null while there is no figure yet after a restart (fewer than two
   * deliveries after the backlog, or less than `minMeasuredMs` between them); 0 once every
   * delivery is forgotten.
   */
  rate(): number | null {
    const now = this.now();
    const d = this.deliveries;
    let old = 0;
    while (old < d.length && now - d[old]!.at > this.maxSpanMs) old++;
    if (old > 0) d.splice(0, old);
    const last = d.length - 1;
    const unknown = now - this.restartedAt < this.maxSpanMs ? null : 0;
    if (last < 1) return unknown;
    let first = last;
    while (first > 0 && (last - first < this.minIntervals || now - d[first - 1]!.at <= this.minSpanMs)) first--;
    let rows = 0;
    for (let i = first + 1; i <= last; i++) rows += d[i]!.rows;
    const span = d[last]!.at - d[first]!.at;
    // Quiet for longer than the usual interval: that time counts too.
    const quiet = Math.max(0, now - d[last]!.at - span / (last - first));
    const measured = span + quiet;
    return measured < this.minMeasuredMs ? unknown : (rows * 1000) / measured;
  }
}
