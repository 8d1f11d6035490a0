/**
 * Plugins by their `type` name, in the order given: the shape shared by the source and stage
 * registries. A name given twice is a programming error, reported at start-up.
 */
export class PluginsByType<Plugin extends { readonly type: string }> {
  private readonly byType = new Map<string, Plugin>();

  /** `kind` names the family in errors ("source", "stage"). */
  constructor(kind: string, plugins: readonly Plugin[]) {
    for (const plugin of plugins) {
      if (this.byType.has(plugin.type)) throw new TypeError(`${kind} type ${plugin.type} is registered twice`);
      this.byType.set(plugin.type, plugin);
    }
  }

  get(type: string): Plugin | undefined {
    return this.byType.get(type);
  }

  list(): Plugin[] {
    return [...this.byType.values()];
  }
}
