// What the browser benchmarks read from a page's probe (pages/probe.ts): frames per second, lag
// from a row's arrival to its drawing, lateness, long tasks, over a window of the run.
import type { ProbeResult } from '../pages/probe.js';
import { frameRates, percentile } from './stats.js';

/** A task longer than this counts as a long task. */
export const LONG_TASK_MS = 50;

export interface PageFigures {
  fpsP5: number;
  fpsMedian: number;
  lagP50: number;
  lagP99: number;
  latenessP99: number;
  drawnPerSecond: number;
  longTasks: number;
  longTaskMsPerSecond: number;
  /** Length of the window the figures cover, in s. */
  seconds: number;
}

/** Figures over [from, end of run] (performance.now() of the page). */
export function pageFigures(result: ProbeResult, from: number): PageFigures {
  const endAt = result.endedAt;
  const seconds = (endAt - from) / 1000;
  // Intervals between the frames inside the window; a page that draws (almost) no frame gets the
  // window's edges as marks, so about 0 fps instead of "no data".
  const inside = result.frames.filter((t) => t > from && t < endAt);
  const marks = inside.length >= 2 ? inside : [from, ...inside, endAt];
  const fps = frameRates(marks);
  const inWindow = result.rowArrivals.map((at) => at >= from && at <= endAt);
  const lags = result.rowLags.filter((_, i) => inWindow[i]);
  const lateness = result.rowLateness.filter((_, i) => inWindow[i]);
  const tasks = result.longTasks.filter((t) => t.start >= from && t.start <= endAt && t.duration > LONG_TASK_MS);
  return {
    fpsP5: percentile(fps, 5),
    fpsMedian: percentile(fps, 50),
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    latenessP99: percentile(lateness, 99),
    drawnPerSecond: lags.length / seconds,
    longTasks: tasks.length,
    longTaskMsPerSecond: tasks.reduce((n, t) => n + t.duration, 0) / seconds,
    seconds,
  };
}

/** When the page first drew a row that had arrived (performance.now()), or NaN. */
export function firstDrawnAt(result: ProbeResult): number {
  let first = Number.NaN;
  result.rowArrivals.forEach((at, i) => {
    const drawn = at + result.rowLags[i]!;
    if (!(drawn >= first)) first = drawn;
  });
  return first;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
