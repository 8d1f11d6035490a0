/** File descriptors kept free for everything but the viewers' sockets. */
const SPARE_DESCRIPTORS = 200;

/**
 * The number of viewers a benchmark can open: each costs one descriptor in the daemon and one in
 * the load client, and both inherit `ulimit -n` from the suite (checked by run.ts at start).
 */
export function viewerCountFor(wanted: number, log: (message: string) => void): number {
  const limit = Number(process.env.RTG_BENCH_FD_LIMIT ?? Number.NaN);
  if (!Number.isFinite(limit) || limit - SPARE_DESCRIPTORS >= wanted) return wanted;
  const possible = Math.max(100, limit - SPARE_DESCRIPTORS);
  log(`ulimit -n is ${limit}: using ${possible} viewers instead of ${wanted}`);
  return possible;
}
