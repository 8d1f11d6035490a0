import { z } from 'zod';
import { significant } from '../../values/significant.js';
import type { Stage } from '../stage.js';
import { axis, inputColumn, isNumber, outputAs } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const configSchema = z.object({ type: z.literal('diff'), column: inputColumn, as: outputAs, axis }).strict();

const outputName = (config: z.output<typeof configSchema>) => config.as ?? `${config.column}_diff`;

export const diffStage = defineStage({
  type: 'diff',
  description: 'change since the previous value',
  configSchema,
  example: { type: 'diff', column: 'sensor_04' },
  outputs: (config) => [{ name: outputName(config), axis: config.axis }],
  create: (config) => diff(config.column, outputName(config)),
});

/** Null at the first value. */
function diff(column: string, name: string): Stage {
  let last: number | undefined;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    row[name] = last === undefined ? null : significant(x - last);
    last = x;
    return row;
  };
}
