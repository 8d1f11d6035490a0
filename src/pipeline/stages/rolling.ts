import { z } from 'zod';
import { significant } from '../../values/significant.js';
import type { TimeOf } from '../data-time.js';
import { SlidingWindow, type WindowSize } from '../sliding-window.js';
import type { Stage } from '../stage.js';
import { axis, columnName, inputColumn, isNumber, window, windowSize } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const STATS = ['mean', 'std', 'min', 'max'] as const;
type RollingStat = (typeof STATS)[number];

const configSchema = z
  .object({
    type: z.literal('rolling'),
    column: inputColumn,
    as: columnName.optional().describe('prefix of the output columns (default: the input name): <as>_mean, <as>_std, …'),
    axis,
    window,
    stats: z
      .array(z.enum(STATS))
      .min(1)
      .max(4)
      .default(['mean'])
      .describe('the statistics to output, in this order: a column <as>_<stat> each'),
  })
  .strict();

type RollingConfig = z.output<typeof configSchema>;

const outputNames = (config: RollingConfig) => config.stats.map((stat) => `${config.as ?? config.column}_${stat}`);

export const rollingStage = defineStage({
  type: 'rolling',
  description: 'rolling mean, standard deviation (sample), minimum and maximum',
  configSchema,
  example: { type: 'rolling', column: 'sensor_04', window: '10m', stats: ['mean', 'std', 'min', 'max'] },
  outputs: (config) => outputNames(config).map((name) => ({ name, axis: config.axis })),
  create(config, context) {
    const names = outputNames(config);
    const outputs = config.stats.map((stat, i) => ({ stat, name: names[i]! }));
    return rolling(config.column, windowSize(config.window), outputs, context.timeOf);
  },
});

function statOf(w: SlidingWindow, stat: RollingStat): number | null {
  switch (stat) {
    case 'mean':
      return w.mean();
    case 'std':
      return w.std();
    case 'min':
      return w.min();
    case 'max':
      return w.max();
  }
}

/** Up to four outputs (the schema's limit), each written at its own site, in config order. */
function rolling(column: string, window: WindowSize, outputs: { stat: RollingStat; name: string }[], timeOf: TimeOf): Stage {
  if (outputs.length < 1 || outputs.length > 4) throw new RangeError('rolling takes 1 to 4 stats');
  const w = new SlidingWindow(window, { minimum: outputs.some((o) => o.stat === 'min'), maximum: outputs.some((o) => o.stat === 'max') });
  const byTime = 'ms' in window;
  const [o0, o1, o2, o3] = outputs;
  const n0 = o0!.name;
  const s0 = o0!.stat;
  return (row) => {
    const x = row[column];
    const ok = isNumber(x);
    if (ok) w.push(x, byTime ? timeOf(row) : 0);
    row[n0] = ok ? significant(statOf(w, s0)) : null;
    if (o1 !== undefined) row[o1.name] = ok ? significant(statOf(w, o1.stat)) : null;
    if (o2 !== undefined) row[o2.name] = ok ? significant(statOf(w, o2.stat)) : null;
    if (o3 !== undefined) row[o3.name] = ok ? significant(statOf(w, o3.stat)) : null;
    return row;
  };
}
