/**
 * Chart updates take at most this many ms after one animation frame, all the page's charts
 * together (at least one update runs, however long it takes). A frame lasts 16.7 ms at 60 Hz:
 * what the updates change must still be laid out and painted before the next one. (A dashboard
 * of 12 charts at 10 rows/s each, alternately with 8 and 4 ms, 6 runs each on a shared machine:
 * frames/s p5 19.7–29.9 with 8 ms, 17.5–59.8 with 4 ms, half the runs at 59.5 or more; lag p99
 * 304–570 ms with 8, 200–923 ms with 4, median 390 against 500. With 12 ms, 15 fps p5.)
 */
export const FRAME_DRAW_BUDGET_MS = 4;

export interface FrameDrawsClock {
  now(): number;
  requestFrame(callback: () => void): number;
  /** Runs `callback` in a task of its own, as soon as the thread is free. */
  soon(callback: () => void): void;
}

const pageClock: FrameDrawsClock = {
  now: () => performance.now(),
  requestFrame: (callback) => requestAnimationFrame(callback),
  soon: (callback) => setTimeout(callback, 0),
};

/**
 * The chart updates of every `<realtime-graph>` of a page, run in one task after an animation
 * frame (first asked, first run) until FRAME_DRAW_BUDGET_MS is spent; the rest wait for the
 * task after the next frame, first in line. A dashboard's charts each ask for an update when
 * their rows come, often in the same frame (a stream feeds several charts): drawn all at once
 * they would hold the page for one long frame, then leave it idle; spread over frames, each frame
 * keeps its time, and each update draws the rows that came meanwhile too. One chart alone runs
 * as it would by itself: one update after each frame.
 */
export class FrameDraws {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  constructor(
    private readonly clock: FrameDrawsClock = pageClock,
    private readonly budgetMs = FRAME_DRAW_BUDGET_MS,
  ) {}

  /** Runs `task` after this frame, or a later one; returns a function that cancels it. */
  add(task: () => void): () => void {
    this.queue.push(task);
    if (!this.scheduled) {
      this.scheduled = true;
      this.clock.soon(() => this.run());
    }
    return () => {
      const at = this.queue.indexOf(task);
      if (at >= 0) this.queue.splice(at, 1);
    };
  }

  private run(): void {
    const started = this.clock.now();
    try {
      do this.queue.shift()?.();
      while (this.queue.length > 0 && this.clock.now() - started < this.budgetMs);
    } finally {
      // (finally: a chart whose update threw does not stop the others')
      if (this.queue.length === 0) this.scheduled = false;
      else this.clock.requestFrame(() => this.clock.soon(() => this.run()));
    }
  }
}

/** The page's queue, shared by the charts of every element on it. */
export const pageFrameDraws = new FrameDraws();
