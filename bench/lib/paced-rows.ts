// What the broker benchmarks' producers send, and when.

/** Pump-like JSON row `i`, its `timestamp` being `at` (ms): a send time, so that a receiver can compute latency. */
export function benchRow(i: number, at: number): string {
  return JSON.stringify({
    timestamp: new Date(at).toISOString(),
    sensor_04: (i % 100) / 100,
    sensor_18: (i % 7) / 7,
    sensor_34: (i % 13) / 13,
  });
}

/**
 * Sends rows 0 … total − 1 at `rate` per second from now, paced from one origin (no drift):
 * `send(from, to)` gets the rows due at each moment, several at once when it is late.
 */
export async function sendAtRate(rate: number, total: number, send: (from: number, to: number) => Promise<void> | void): Promise<void> {
  const origin = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - origin) * rate) / 1000) + 1);
    if (due > sent) await send(sent, due);
    sent = due;
    const next = origin + (sent * 1000) / rate - performance.now();
    if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
  }
}
