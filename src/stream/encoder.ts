import type { Row } from '../values/row.js';
import { encodeJsonEvent } from './sse.js';

/** A `batch` event's data: times, then one array per value column, in the stream's column order. */
export interface ColumnarRows {
  t: unknown[];
  y: unknown[][];
}

/**
 * Turns a stream's pipeline output into event payloads, and payloads into SSE frames: each
 * payload is serialized once, and the frame is what every viewer receives. The payload is kept
 * beside its frame, so nothing has to decode a frame again.
 */
export class EventEncoder {
  constructor(
    private readonly timeName: string,
    private readonly seriesNames: readonly string[],
  ) {}

  /** Rows as columns, ready for Plotly.extendTraces. */
  columns(rows: readonly Row[]): ColumnarRows {
    const n = rows.length;
    const time = this.timeName;
    const t = new Array<unknown>(n);
    for (let i = 0; i < n; i++) t[i] = rows[i]![time] ?? null;
    const y = this.seriesNames.map((name) => {
      const column = new Array<unknown>(n);
      for (let i = 0; i < n; i++) column[i] = rows[i]![name] ?? null;
      return column;
    });
    return { t, y };
  }

  /** Appends the rows of a data event's payload (an `update` row or a `batch`) to `into`. */
  appendRows(name: string, payload: unknown, into: ColumnarRows): void {
    if (name === 'batch') {
      const batch = payload as ColumnarRows;
      into.t.push(...batch.t);
      batch.y.forEach((column, i) => {
        into.y[i]?.push(...column);
      });
    } else {
      const row = payload as Row;
      into.t.push(row[this.timeName] ?? null);
      this.seriesNames.forEach((name, i) => {
        into.y[i]!.push(row[name] ?? null);
      });
    }
  }

  /** An empty columnar batch for this stream's columns. */
  emptyColumns(): ColumnarRows {
    return { t: [], y: this.seriesNames.map(() => []) };
  }

  frame(id: string, name: string, payload: unknown): Buffer {
    return encodeJsonEvent(id, name, JSON.stringify(payload));
  }
}
