// Injected into the benchmark pages before any of their scripts (Playwright addInitScript).
// Records animation frames, long tasks, and for every row its arrival and the moment it was
// drawn, so that lag (arrival → drawn) and lateness (drawn − due on the stream's schedule) can
// be computed. Both pages report through the same two calls: arrived() and rendered().
// A page of several charts (a dashboard) keeps one first-in first-out queue per chart: its
// `rg-data` and `rg-render` events bubble out of the shadow roots they come from, and the first
// node of their composed path is the chart that fired them.
// The run ends `runMs` after the first row: the probe then closes the page's EventSources and
// stops recording, so that a page that is far behind (the naive one) quiets down and answers.
import { toWallClock } from '../lib/clock.js';

export interface ProbeConfig {
  /** Time of row 0 and the step between rows in the replayed file (to number rows). */
  rowTime0: number;
  rowStepMs: number;
  /** Length of the run, from the first row's arrival. */
  runMs: number;
}

export interface ProbeResult {
  /** performance.now() of every animation frame. */
  frames: number[];
  longTasks: { start: number; duration: number }[];
  /** Per drawn row: arrival (performance.now()), arrival → drawn (ms), drawn − due (ms). */
  rowArrivals: number[];
  rowLags: number[];
  rowLateness: number[];
  /** Rows that arrived and rows drawn. */
  arrivedRows: number;
  drawnRows: number;
  /** Renders that drew more points than rows were waiting (would make the FIFO matching wrong). */
  mismatches: number;
  /** Rows that arrived and left the window before they were drawn (the element's windows only). */
  droppedRows: number;
  firstRowAt: number | null;
  /** performance.now() at which the run ended (NaN while running). */
  endedAt: number;
  /** Charts that announced rows (one queue each). */
  charts: number;
  /** The URL of every EventSource the page constructed, in order. */
  eventSources: string[];
}

interface Arrival {
  at: number;
  rows: number;
  firstRow: number;
}

declare global {
  interface Window {
    __probeConfig: ProbeConfig;
    __probe: {
      /** `chart`: the element the rows are for (any key; pages of one chart leave it out). */
      arrived(rows: number, firstTime: string | null, chart?: unknown): void;
      /**
       * `points` rows drawn, the oldest waiting first. With `dropsOlder` (the element: a render draws
       * every row waiting that its window still holds), rows waiting beyond `points` are the oldest,
       * dropped from the window before they could be drawn: they leave the queue undrawn.
       */
      rendered(points: number, chart?: unknown, dropsOlder?: boolean): void;
      result(): ProbeResult;
      done: boolean;
    };
  }
}

const config = window.__probeConfig;
const schedule = { startedAt: Number.NaN, intervalMs: Number.NaN };
const frames: number[] = [];
const longTasks: ProbeResult['longTasks'] = [];
/** Rows arrived and not drawn yet, per chart, oldest first. */
const queues = new Map<unknown, Arrival[]>();
const queue = (chart: unknown): Arrival[] => {
  const waiting = queues.get(chart) ?? [];
  queues.set(chart, waiting);
  return waiting;
};
const rowArrivals: number[] = [];
const rowLags: number[] = [];
const rowLateness: number[] = [];
let arrivedRows = 0;
let drawnRows = 0;
let mismatches = 0;
let droppedRows = 0;
let firstRowAt: number | null = null;
let endedAt = Number.NaN;
const sources: EventSource[] = [];
const eventSources: string[] = [];

/** True once the run is over; ends it (closes the event streams) when its time has come. */
function over(now: number): boolean {
  if (!Number.isNaN(endedAt)) return true;
  if (firstRowAt === null || now < firstRowAt + config.runMs) return false;
  endedAt = now;
  for (const source of sources) source.close();
  window.__probe.done = true;
  return true;
}

// Animation frames, from the first one on.
const onFrame = (time: number) => {
  if (over(performance.now())) return;
  frames.push(time);
  requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);

const recordLongTasks = (entries: PerformanceEntryList) => {
  for (const entry of entries) longTasks.push({ start: entry.startTime, duration: entry.duration });
};
const longTaskObserver = new PerformanceObserver((list) => recordLongTasks(list.getEntries()));
try {
  longTaskObserver.observe({ type: 'longtask', buffered: true });
} catch {
  // longtask is not supported: the list stays empty
}

// Every EventSource of the page also tells the probe the stream's schedule (meta / started).
const NativeEventSource = window.EventSource;
class ProbedEventSource extends NativeEventSource {
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init);
    sources.push(this);
    eventSources.push(String(url));
    const learn = (event: Event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { startedAt?: string; rate?: number | null };
      if (data.startedAt) schedule.startedAt = Date.parse(data.startedAt);
      if (data.rate) schedule.intervalMs = 1000 / data.rate;
    };
    this.addEventListener('meta', learn);
    this.addEventListener('started', learn);
  }
}
window.EventSource = ProbedEventSource as typeof EventSource;

function rowIndex(time: string | null): number {
  return time === null ? Number.NaN : Math.round((Date.parse(time) - config.rowTime0) / config.rowStepMs);
}

window.__probe = {
  arrived(rows, firstTime, chart) {
    const at = performance.now();
    if (rows <= 0 || over(at)) return;
    firstRowAt ??= at;
    arrivedRows += rows;
    queue(chart).push({ at, rows, firstRow: rowIndex(firstTime) });
  },
  rendered(points, chart, dropsOlder = false) {
    const now = performance.now();
    if (over(now)) return;
    const wall = toWallClock(now);
    const waiting = queues.get(chart) ?? [];
    const waitingRows = waiting.reduce((n, a) => n + a.rows, 0);
    if (points > waitingRows) mismatches++;
    if (dropsOlder && points > 0) {
      let dropped = waitingRows - points;
      droppedRows += Math.max(0, dropped);
      while (dropped > 0) {
        const arrival = waiting[0]!;
        const gone = Math.min(dropped, arrival.rows);
        arrival.rows -= gone;
        arrival.firstRow += gone;
        dropped -= gone;
        if (arrival.rows === 0) waiting.shift();
      }
    }
    // First in, first drawn: the oldest waiting rows are the ones this render drew.
    let left = points;
    while (left > 0 && waiting.length > 0) {
      const arrival = waiting[0]!;
      const take = Math.min(left, arrival.rows);
      for (let i = 0; i < take; i++) {
        rowArrivals.push(arrival.at);
        rowLags.push(now - arrival.at);
        rowLateness.push(wall - (schedule.startedAt + (arrival.firstRow + i) * schedule.intervalMs));
      }
      arrival.rows -= take;
      arrival.firstRow += take;
      left -= take;
      if (arrival.rows === 0) waiting.shift();
    }
    drawnRows += points;
  },
  result: () => {
    // Entries not yet delivered to the observer (a busy page delivers them late).
    recordLongTasks(longTaskObserver.takeRecords());
    return {
      frames,
      longTasks,
      rowArrivals,
      rowLags,
      rowLateness,
      arrivedRows,
      drawnRows,
      mismatches,
      droppedRows,
      firstRowAt,
      endedAt,
      charts: queues.size,
      eventSources,
    };
  },
  done: false,
};

// The <realtime-graph> element announces arrivals and renders with events; the element that fired
// one is the first node of its composed path (at the document, the event's target is the outermost
// shadow host, e.g. the dashboard holding the charts).
document.addEventListener('rg-data', (event) => {
  const detail = (event as CustomEvent<{ t: (string | null)[] }>).detail;
  window.__probe.arrived(detail.t.length, detail.t[0] ?? null, event.composedPath()[0]);
});
document.addEventListener('rg-render', (event) => {
  window.__probe.rendered((event as CustomEvent<{ points: number }>).detail.points, event.composedPath()[0], true);
});
