/**
 * Decides when each row of a replay is due. Due times are computed from one fixed origin, never by
 * adding per-row sleeps, so timer lateness does not accumulate into drift.
 */
export interface Schedule {
  /** Milliseconds after the origin at which the next row is due, or undefined to emit at once. */
  offsetOf(row: ReadonlyArray<unknown> | Record<string, unknown>, index: number): number | undefined;
  /** Called when a file pass ends, so the next pass continues the timeline instead of restarting it. */
  endPass(): void;
  /** Called at a seek: the next row is at offset 0 of a new timeline (its index counts from 0 again). */
  restart(): void;
}

/** A fixed rate: row i is due at i × (1000 / rate) ms. */
export function fixedRate(rate: number): Schedule {
  const interval = 1000 / rate;
  return {
    offsetOf: (_row, index) => index * interval,
    endPass() {},
    restart() {},
  };
}

/** The file's own timestamps, sped up by `speed`: a row 60 s after the first is due at 60 000 / speed ms. */
export function fromTimestamps(timeOf: (row: Record<string, unknown>) => number | undefined, speed: number): Schedule {
  let first: number | undefined; // time of the first row of this pass
  let passStart = 0; // offset at which this pass starts
  let lastOffset = 0;
  let lastGap = 0;
  return {
    offsetOf(row) {
      const time = timeOf(row as Record<string, unknown>);
      if (time === undefined) return undefined;
      if (first === undefined) first = time;
      const offset = passStart + (time - first) / speed;
      if (offset < lastOffset) return lastOffset; // time went backwards: emit at once, keep order
      if (offset > lastOffset) lastGap = offset - lastOffset;
      lastOffset = offset;
      return offset;
    },
    endPass() {
      // The next pass starts one typical step after this one ended.
      passStart = lastOffset + lastGap;
      first = undefined;
    },
    restart() {
      passStart = lastOffset = lastGap = 0;
      first = undefined;
    },
  };
}
