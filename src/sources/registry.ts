import { z } from 'zod';
import { csvSource } from './csv/source.js';
import { kafkaSource } from './kafka/source.js';
import { mqttSource } from './mqtt/source.js';
import type { SourcePlugin } from './types.js';
import { PluginsByType } from '../values/plugins-by-type.js';

/** Maps a source `type` to its plugin. A new source type is one file plus one line in `builtinSources`. */
export class SourceRegistry extends PluginsByType<SourcePlugin> {
  constructor(plugins: readonly SourcePlugin[]) {
    super('source', plugins);
  }

  /** The schema of a stream's `source` block: `type` picks the plugin whose schema checks the rest. */
  sourceSchema(): z.ZodType<{ type: string } & Record<string, unknown>> {
    const variants = this.list().map((p) => p.configSchema.extend({ type: z.literal(p.type) }));
    if (variants.length === 0) throw new TypeError('no source types are registered');
    const [first, ...rest] = variants;
    return z.discriminatedUnion('type', [first!, ...rest]) as never;
  }
}

export const builtinSources: readonly SourcePlugin[] = [csvSource, kafkaSource, mqttSource];

export function defaultRegistry(): SourceRegistry {
  return new SourceRegistry(builtinSources);
}
