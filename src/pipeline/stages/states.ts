import type { StateData } from '../../protocol/events.js';
import type { Stage } from '../stage.js';

/**
 * Watches a stream's state column (text, or a code such as 0/1) and reports each change, with
 * the row's time, to `changed`: the first row's value is a change too. An empty cell is not a
 * change. Rows pass through untouched.
 */
export function watchStates(column: string, timeName: string, changed: (state: StateData) => void): Stage {
  let current: string | undefined;
  return (row) => {
    const cell = row[column];
    if (cell === null || cell === undefined || cell === '') return row;
    const value = String(cell);
    if (value !== current) {
      current = value;
      changed({ value, at: String(row[timeName] ?? '') });
    }
    return row;
  };
}
