// `realtime-graph schema`: the JSON Schema of config files (config/schema.json).
import { defaultRegistry } from '../sources/registry.js';
import { print } from './command.js';

export async function schema(): Promise<number> {
  const { configJsonSchema } = await import('../config/json-schema.js');
  return print(`${JSON.stringify(configJsonSchema(defaultRegistry()), null, 2)}\n`);
}
