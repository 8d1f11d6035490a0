import { valueColumns } from '../pipeline/columns.js';
import type { StageRegistry } from '../pipeline/stage-registry.js';
import type { DashboardConfig } from './dashboards.js';
import type { ConfigProblem } from './errors.js';
import type { StreamConfig } from './schema.js';

/**
 * What the schema cannot see in the dashboards, once every file is read (a dashboard may name
 * streams of another file): each id once, each stream named exists, each column is one of its
 * stream's (a derived one too), and the columns a value tile reads are numbers.
 */
export function dashboardProblems(
  dashboards: readonly DashboardConfig[],
  streams: readonly StreamConfig[],
  stages: StageRegistry,
  indexOf: (dashboard: DashboardConfig) => number,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const columns = new Map(streams.map((s) => [s.id, columnKinds(s, stages)]));
  const seen = new Map<string, string>();
  for (const dashboard of dashboards) {
    const where = `dashboards[${indexOf(dashboard)}] (id "${dashboard.id}")`;
    const add = (path: string, message: string) => problems.push({ file: dashboard.file, path: `${where}.${path}`, message });
    const clash = seen.get(dashboard.id);
    if (clash !== undefined) add('id', `dashboard id "${dashboard.id}" is already used in ${clash}`);
    else seen.set(dashboard.id, dashboard.file);
    dashboard.panels.forEach((panel, p) => {
      const at = `panels[${p}]`;
      const named = panel.type === 'chart' ? panel.streams : [panel.stream];
      const unknown = named.filter((id) => !columns.has(id));
      for (const id of unknown)
        add(
          `${at}.stream${panel.type === 'chart' && named.length > 1 ? 's' : ''}`,
          `no stream "${id}" (streams: ${[...columns.keys()].join(', ')})`,
        );
      if (unknown.length > 0) return;
      if (panel.type === 'chart' && panel.columns) {
        panel.columns.forEach((column, c) => {
          if (!named.some((id) => columns.get(id)!.has(column)))
            add(`${at}.columns[${c}]`, `no stream of this chart has a column "${column}"`);
        });
      }
      if (panel.type === 'value') {
        const kind = columns.get(panel.stream)!.get(panel.column);
        if (kind === undefined)
          add(
            `${at}.column`,
            `stream "${panel.stream}" has no column "${panel.column}" (columns: ${[...columns.get(panel.stream)!.keys()].join(', ')})`,
          );
        else if (kind !== 'number') add(`${at}.column`, `"${panel.column}" is a ${kind} column; a value tile needs a number column`);
      }
    });
  }
  return problems;
}

/** A stream's columns on the wire (the time column left out) with their kinds, derived ones included. */
function columnKinds(stream: StreamConfig, stages: StageRegistry): Map<string, 'number' | 'text'> {
  const kinds = new Map<string, 'number' | 'text'>();
  for (const c of valueColumns(stream.columns)) kinds.set(c.as, c.type === 'text' ? 'text' : 'number');
  for (const stage of stream.stages) for (const out of stages.outputs(stage)) kinds.set(out.name, 'number');
  return kinds;
}
