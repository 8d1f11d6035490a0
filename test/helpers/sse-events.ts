// Reading the rows out of a stream's events, the same way in every test.
import type { SseEvent } from './sse-client.js';

/** The events that carry rows: `update` (one row) and `batch` (columns). */
export function dataEvents(events: readonly SseEvent[]): SseEvent[] {
  return events.filter((e) => e.event === 'update' || e.event === 'batch');
}

/** How many events carry rows (not how many rows). */
export function dataCount(events: readonly SseEvent[]): number {
  return dataEvents(events).length;
}

/**
 * The rows of the update and batch events, in arrival order, as objects keyed by column name.
 * `names` are the wire names in the stream's order: the time column first, then the value columns
 * (a batch's `y[i]` is `names[i + 1]`).
 */
export function dataRows(events: readonly SseEvent[], names: readonly string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const e of dataEvents(events)) {
    const data = JSON.parse(e.data);
    if (e.event === 'update') {
      out.push(data);
      continue;
    }
    const batch = data as { t: unknown[]; y: unknown[][] };
    batch.t.forEach((t, i) => {
      const row: Record<string, unknown> = { [names[0]!]: t };
      names.slice(1).forEach((name, c) => {
        row[name] = batch.y[c]![i];
      });
      out.push(row);
    });
  }
  return out;
}

/** The times of every row, in arrival order (the time column is `timestamp` unless named). */
export function rowTimes(events: readonly SseEvent[], time = 'timestamp'): unknown[] {
  return dataEvents(events).flatMap((e) =>
    e.event === 'update' ? [JSON.parse(e.data)[time]] : (JSON.parse(e.data) as { t: unknown[] }).t,
  );
}
