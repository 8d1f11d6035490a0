import { z } from 'zod';
import { configFileSchema, type Plugins } from './schema.js';

/**
 * A JSON Schema of config files, generated from the same zod schemas that check them, so that
 * editors can complete and check `config/*.yaml` (`# yaml-language-server: $schema=./schema.json`).
 */
export function configJsonSchema(plugins: Plugins): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema(plugins), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/realtime-graph/realtime-graph/config/schema.json',
    title: 'realtime-graph config file',
    ...schema,
  };
}
