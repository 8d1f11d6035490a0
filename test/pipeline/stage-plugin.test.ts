import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStage } from '../../src/pipeline/stage-plugin.js';

const plugin = (type: string, literal: string | z.ZodType<string> = type) =>
  defineStage({
    type,
    description: 'copies the input',
    configSchema: z
      .object({ type: typeof literal === 'string' ? z.literal(literal) : literal, column: z.string(), as: z.string().optional() })
      .strict(),
    example: { type, column: 'x' },
    outputs: (config) => [{ name: config.as ?? `${config.column}_copy`, axis: 'y' }],
    create: (config) => (row) => {
      row[config.as ?? `${config.column}_copy`] = row[config.column];
      return row;
    },
  });

describe('defineStage', () => {
  it('gives the config schema the description, for the JSON Schema of config files', () => {
    const copy = plugin('copy');
    expect(copy.configSchema.description).toBe('copies the input');
    expect(copy.type).toBe('copy');
    expect(copy.configSchema.parse({ type: 'copy', column: 'x' })).toEqual({ type: 'copy', column: 'x' });
  });

  it('takes lowercase names of letters, digits and dashes', () => {
    expect(plugin('copy-2').type).toBe('copy-2');
    for (const type of ['Copy', '2copy', 'copy_2', '', '-copy']) {
      expect(() => plugin(type)).toThrow(`stage type must be lowercase letters, digits and dashes, got ${JSON.stringify(type)}`);
    }
  });

  it('needs the schema to take `type` as the literal type name', () => {
    const message = 'the config schema of stage type copy needs type: z.literal("copy")';
    expect(() => plugin('copy', 'paste')).toThrow(message);
    expect(() => plugin('copy', z.string())).toThrow(message);
    expect(() => plugin('copy', z.literal(['copy', 'paste']))).toThrow(message);
  });
});
