import { z } from 'zod';
import type { StateData } from '../../protocol/events.js';
import type { Stage } from '../stage.js';
import { columnName } from '../stage-kit.js';

const colour = z.string().regex(/^#[0-9a-fA-F]{3,8}$|^[a-z]{3,20}$/, 'a #hex colour or a CSS colour name');

/** A stream's `states:`. */
export const statesSchema = z
  .object({
    column: columnName.describe('a text or code column of the stream (e.g. machine_status)'),
    colors: z.record(z.string().min(1).max(200), colour).default({}).describe('band colour per value (others get a palette colour)'),
    unshaded: z.array(z.string().min(1).max(200)).max(64).default([]).describe('values drawn without a band (e.g. NORMAL)'),
  })
  .strict()
  .describe('a column whose changes are sent as `state` events and drawn as bands');

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
