// `realtime-graph validate <config>... [--data]`: checks config files, and with --data the CSV files they replay.
import { loadConfig } from '../config/load.js';
import { DataDir } from '../sources/data-dir.js';
import { defaultPlugins } from '../plugins.js';
import { print } from './command.js';
import { defaultConfigPaths } from './config-paths.js';

export interface ValidateFlags {
  config?: string[];
  data?: boolean;
  'data-dir'?: string;
}

/** Exit code 0 when the configs are valid (and, with --data, every file can be replayed whole); a ConfigError otherwise. */
export async function validate(args: string[], values: ValidateFlags): Promise<number> {
  const paths = args.length > 0 ? args : (values.config ?? defaultConfigPaths());
  const config = await loadConfig(paths, defaultPlugins());
  const dashboards = config.dashboards.length > 0 ? ` and ${config.dashboards.length} dashboard(s)` : '';
  print(`ok: ${config.streams.length} stream(s)${dashboards} in ${config.files.join(', ')}\n`);
  if (!values.data) return 0;
  const { scanConfiguredFiles, formatScans } = await import('./scan-data.js');
  const dataDir = await DataDir.open(values['data-dir'] ?? config.dataDir ?? 'data');
  const report = formatScans(await scanConfiguredFiles(config, dataDir));
  print(report.text);
  return report.failed ? 1 : 0;
}
