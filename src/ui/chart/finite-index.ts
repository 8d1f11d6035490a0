/** The index of the first finite value of `xs` from index `start` on, stepping by `step` (1: oldest first, −1: newest first); undefined for none. */
export function finiteIndex(xs: ArrayLike<number | null>, start: number, step: 1 | -1): number | undefined {
  for (let k = start; k >= 0 && k < xs.length; k += step) {
    const x = xs[k];
    if (x !== null && x !== undefined && Number.isFinite(x)) return k;
  }
  return undefined;
}

/** The lowest first and the highest last finite value of the time-ordered `series`; null when none has one. */
export function finiteSpan(series: Iterable<ArrayLike<number | null>>): [number, number] | null {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const xs of series) {
    const first = finiteIndex(xs, 0, 1);
    if (first === undefined) continue;
    from = Math.min(from, xs[first]!);
    to = Math.max(to, xs[finiteIndex(xs, xs.length - 1, -1)!]!);
  }
  return from <= to ? [from, to] : null;
}
