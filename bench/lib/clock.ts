// Wall-clock time with sub-millisecond resolution, comparable across processes.
//
// performance.timeOrigin + performance.now() can be off from the system clock by a millisecond
// or two (measured on this machine), which would bias every lateness figure; Date.now() is exact
// but only to the millisecond. So each process calibrates once: it waits for Date.now() to tick,
// and anchors the monotonic clock at that instant.

function calibrate(): number {
  const start = Date.now();
  let now = start;
  const giveUp = performance.now() + 5;
  while (now === start && performance.now() < giveUp) now = Date.now();
  return now - performance.now();
}

const offset = calibrate();

/** Epoch milliseconds (system clock), with the resolution of performance.now(). */
export function wallClock(): number {
  return offset + performance.now();
}

/** Converts a performance.now() reading of this process to epoch milliseconds. */
export function toWallClock(monotonic: number): number {
  return offset + monotonic;
}
