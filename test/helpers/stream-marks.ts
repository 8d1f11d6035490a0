// Marks of a stream (states and alerts) for the element's unit tests.
import { StreamMarks } from '../../src/ui/chart/stream-marks.js';

/** An ISO time `minute` minutes after 2024-01-01 00:00 UTC. */
export const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();
/** The same time in epoch ms. */
export const ms = (minute: number) => Date.UTC(2024, 0, 1, 0, minute);

/** A pump that breaks at minute 10, recovers from 15 to 30; the rule `low` fires from 12 to 20. */
export function failureMarks(): StreamMarks {
  const marks = new StreamMarks();
  marks.add('state', { value: 'NORMAL', at: at(0) });
  marks.add('state', { value: 'BROKEN', at: at(10) });
  marks.add('state', { value: 'RECOVERING', at: at(15) });
  marks.add('state', { value: 'NORMAL', at: at(30) });
  marks.add('alert', { rule: 'low', state: 'firing', at: at(12), value: -4 });
  marks.add('alert', { rule: 'low', state: 'resolved', at: at(20), value: -0.5 });
  return marks;
}
