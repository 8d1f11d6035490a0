import type { Stage } from '../stage.js';

/** Puts the current time (ISO-8601) first in each row under `name`, for sources without a time column. */
export function stampReadTime(name: string): Stage {
  return (row) => {
    const out: Record<string, unknown> = { [name]: new Date().toISOString() };
    for (const key in row) out[key] = row[key];
    return out;
  };
}
