// The wire format of the original demo's endpoint: one `update` event per CSV row holding
// json.dumps of the row as csv.DictReader read it (cell text, never numbers), then `jobfinished`.
import { pythonJsonObject } from './python-json.js';

/** The columns the original demo sent, in its order. */
export const DEMO_COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'] as const;

/** One row every 100 ms, as the original's `time.sleep(0.1)`. */
export const DEMO_ROW_INTERVAL_MS = 100;

/** The last event of a replay that read its file to the end. */
export const JOB_FINISHED = Buffer.from('event: jobfinished\ndata: none\n\n');

/**
 * The `update` event of one record holding the DEMO_COLUMNS cells in order; a cell a short row
 * lacks is undefined (None in DictReader, `null` in the JSON).
 */
export function updateEvent(cells: readonly (string | undefined)[]): string {
  const row: Record<string, string | null> = {};
  DEMO_COLUMNS.forEach((name, i) => {
    row[name] = cells[i] ?? null;
  });
  return `event: update\ndata: ${pythonJsonObject(row)}\n\n`;
}
