// `realtime-graph sources [--markdown]`: the source and stage types and every config field
// (docs/sources.md with --markdown).
import { defaultPlugins } from '../plugins.js';
import { print } from './command.js';

export async function sources(values: { markdown?: boolean }): Promise<number> {
  const { sourcesMarkdown, sourcesText } = await import('../sources/describe.js');
  const { stagesMarkdown, stagesText } = await import('../pipeline/stage-docs.js');
  const { sources, stages } = defaultPlugins();
  return print(
    values.markdown ? sourcesMarkdown(sources.list(), stagesMarkdown(stages)) : `${sourcesText(sources.list())}\n\n${stagesText(stages)}\n`,
  );
}
