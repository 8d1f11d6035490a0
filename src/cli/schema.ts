// `realtime-graph schema`: the JSON Schema of config files (config/schema.json).
import { defaultPlugins } from '../plugins.js';
import { print } from './command.js';

export async function schema(): Promise<number> {
  const { configJsonSchema } = await import('../config/json-schema.js');
  return print(`${JSON.stringify(configJsonSchema(defaultPlugins()), null, 2)}\n`);
}
