// `realtime-graph sources [--markdown]`: the source types and every config field (docs/sources.md with --markdown).
import { defaultRegistry } from '../sources/registry.js';
import { print } from './command.js';

export async function sources(values: { markdown?: boolean }): Promise<number> {
  const { sourcesMarkdown, sourcesText } = await import('../sources/describe.js');
  const plugins = defaultRegistry().list();
  const { stagesMarkdown } = await import('../config/stage-docs.js');
  return print(values.markdown ? sourcesMarkdown(plugins, stagesMarkdown()) : `${sourcesText(plugins)}\n`);
}
