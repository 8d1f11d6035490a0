import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pageFrameDraws } from './frame-draws.js';

/**
 * Chart updates may take at most this share of the main thread. Plotly redraws the whole chart on
 * every update, so an update costs at least a few ms and more with more points (large windows are
 * drawn decimated, see ChartFeed, but a slow machine still needs the spacing). After an update
 * that took D ms the next one waits D × (1 / share − 1) ms, so the page keeps animating and
 * answering input; cheap updates still happen every frame. (At 1,000 rows/s with a 10,000-point
 * window, 0.4 kept 60 fps at the 5th percentile with a row drawn within 85 ms; a half dropped
 * every other frame at times, a third let the lag reach 110 ms: see docs/benchmarks.md.)
 */
export const DRAW_SHARE = 0.4;

/**
 * An update longer than this (twice a long task, as browsers count them) stalls the page visibly
 * however it is spaced: it and the painting after it are late frames, and several a second make
 * the page stutter (a chart of 52 lines took 35–140 ms per update of a few hundred rows a line,
 * 250 ms decimated from 10,000; at DRAW_SHARE that was 3–5 a second, and up to a tenth of the
 * page's frames were late). Not 50 ms: two streams of 1,000 rows/s take 30–60 ms an update on a
 * busy machine, and a second's pause then put their lag p99 at 0.5–0.9 s (docs/benchmarks.md).
 * After such an update, when the updates before it were as slow (their
 * smoothed cost: one slow update, e.g. the first, does not count), the next one waits at least
 * LONG_DRAW_PAUSE_MS, and long enough for updates to take at most LONG_DRAW_SHARE of the main
 * thread: the chart updates about once a second (every 2.5 s at 250 ms), and the page animates
 * smoothly in between.
 */
export const LONG_DRAW_MS = 100;
export const LONG_DRAW_PAUSE_MS = 1000;
export const LONG_DRAW_SHARE = 0.1;

/** The clock and the frames the scheduler runs on (the page's, or a test's). */
export interface DrawClock {
  now(): number;
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /**
   * Runs `task` in a task of its own after the current frame, maybe after a later one when the
   * page's other charts took that frame's time (see FrameDraws); returns a function that
   * cancels it. Absent: a task of its own at once.
   */
  afterFrame?(task: () => void): () => void;
}

export interface DrawTarget {
  /** Something is waiting to be drawn and the chart can draw it. */
  needsDraw(): boolean;
  /** Draws it; returns the ms it took, or undefined when nothing was drawn. */
  draw(): number | undefined;
  /** When something left undrawn is due though nothing new comes (clock ms), else undefined. */
  dueAt?(): number | undefined;
}

const pageClock: DrawClock = {
  now: () => performance.now(),
  requestFrame: (callback) => requestAnimationFrame(callback),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  afterFrame: (task) => pageFrameDraws.add(task),
};

/**
 * One chart update per animation frame at most, however many rows arrived since the last one;
 * when updates are expensive, fewer (see DRAW_SHARE). Stops with its host.
 */
export class DrawScheduler implements ReactiveController {
  private frame = 0;
  /** Cancels the update due right after the current frame (undefined: none is). */
  private task: (() => void) | undefined;
  private nextDrawAt = 0;
  /** Smoothed cost of an update, in ms. */
  private cost = 0;
  private connected = false;
  /** A request at the target's dueAt. */
  private due: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly target: DrawTarget,
    private readonly clock: DrawClock = pageClock,
    private readonly share = DRAW_SHARE,
  ) {
    host.addController(this);
  }

  /** Asks for an update after the next frame (nothing if one is due, or nothing needs drawing). */
  request(): void {
    if (this.frame || this.task !== undefined || !this.connected || !this.target.needsDraw()) return;
    this.frame = this.clock.requestFrame(() => {
      this.frame = 0;
      if (!this.target.needsDraw()) return;
      if (this.clock.now() < this.nextDrawAt) {
        this.request();
        return;
      }
      // The update runs in a task right after this frame, not inside it: the frame is presented
      // at once (with the chart as it was), and the next one, with the new chart, starts when
      // the update is done, instead of this frame waiting for the update and the next one being
      // dropped. The new chart shows as soon either way; the page loses fewer frames.
      const run = () => {
        this.task = undefined;
        this.flush();
      };
      if (this.clock.afterFrame) {
        this.task = this.clock.afterFrame(run);
      } else {
        const timer = setTimeout(run, 0);
        this.task = () => clearTimeout(timer);
      }
    });
  }

  /** Draws now, whatever the budget says (resume, stop); the budget counts it. */
  flush(): void {
    if (!this.target.needsDraw()) return;
    const cost = this.target.draw();
    if (cost === undefined) return;
    const long = cost > LONG_DRAW_MS && this.cost > LONG_DRAW_MS;
    this.cost = this.cost === 0 ? cost : 0.7 * this.cost + 0.3 * cost;
    const wait = long ? Math.max(LONG_DRAW_PAUSE_MS, this.cost * (1 / LONG_DRAW_SHARE - 1)) : this.cost * (1 / this.share - 1);
    this.nextDrawAt = this.clock.now() + wait;
    this.requestAtDue();
  }

  /** Rows the target left undrawn are drawn when due even if no row follows them (the stream ended, say). */
  private requestAtDue(): void {
    clearTimeout(this.due);
    this.due = undefined;
    const at = this.target.dueAt?.();
    if (at === undefined || !this.connected) return;
    this.due = setTimeout(
      () => {
        this.due = undefined;
        this.request();
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  /** A new chart: the next update need not wait for the old chart's budget. */
  resetBudget(): void {
    this.nextDrawAt = 0;
  }

  /** Cancels a frame that is due (e.g. on pause). */
  cancel(): void {
    if (this.frame) this.clock.cancelFrame(this.frame);
    this.frame = 0;
    this.task?.();
    this.task = undefined;
    clearTimeout(this.due);
    this.due = undefined;
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostDisconnected(): void {
    this.connected = false;
    this.cancel();
  }
}
