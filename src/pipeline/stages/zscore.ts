import { z } from 'zod';
import { significant } from '../../values/significant.js';
import type { TimeOf } from '../data-time.js';
import { SlidingWindow, type WindowSize } from '../sliding-window.js';
import type { Stage } from '../stage.js';
import { axis, inputColumn, isNumber, outputAs, window, windowSize } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const configSchema = z.object({ type: z.literal('zscore'), column: inputColumn, as: outputAs, axis, window }).strict();

const outputName = (config: z.output<typeof configSchema>) => config.as ?? `${config.column}_z`;

export const zscoreStage = defineStage({
  type: 'zscore',
  description: '(value − rolling mean) / rolling std, the window including the value',
  configSchema,
  example: { type: 'zscore', column: 'sensor_04', window: '1h' },
  outputs: (config) => [{ name: outputName(config), axis: config.axis }],
  create: (config, context) => zscore(config.column, windowSize(config.window), outputName(config), context.timeOf),
});

/** Null while the window's std is 0 or undefined (fewer than two values). */
function zscore(column: string, window: WindowSize, name: string, timeOf: TimeOf): Stage {
  const w = new SlidingWindow(window);
  const byTime = 'ms' in window;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    w.push(x, byTime ? timeOf(row) : 0);
    const std = w.std();
    row[name] = std === null || std === 0 ? null : significant((x - w.mean()!) / std);
    return row;
  };
}
