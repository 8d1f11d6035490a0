/** The index of the first finite value of `xs` from index `start` on, stepping by `step` (1: oldest first, −1: newest first); undefined for none. */
export function finiteIndex(xs: ArrayLike<number | null>, start: number, step: 1 | -1): number | undefined {
  for (let k = start; k >= 0 && k < xs.length; k += step) {
    const x = xs[k];
    if (x !== null && x !== undefined && Number.isFinite(x)) return k;
  }
  return undefined;
}
