import type { Plugins } from './config/schema.js';
import { defaultStageRegistry } from './pipeline/stage-registry.js';
import { defaultRegistry, type SourceRegistry } from './sources/registry.js';

/** The built-in source and stage types (or the given source types): what config files are checked against. */
export function defaultPlugins(sources: SourceRegistry = defaultRegistry()): Plugins {
  return { sources, stages: defaultStageRegistry() };
}
