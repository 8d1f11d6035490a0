import { readFile, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { dashboardProblems } from './dashboard-checks.js';
import { type DashboardConfig, normalizeDashboard } from './dashboards.js';
import { substituteEnv } from './env.js';
import { stageProblems } from './stage-checks.js';
import { ConfigError, formatPath, type ConfigProblem } from './errors.js';
import { configFileSchema, normalizeStream, type Plugins, serverSchema, type ServerConfig, type StreamConfig } from './schema.js';

export interface LoadedConfig {
  server: ServerConfig;
  streams: StreamConfig[];
  /** The dashboards of every file, in order. */
  dashboards: DashboardConfig[];
  /** The files that were read, in order. */
  files: string[];
  /** `server.dataDir` resolved against the file that set it. */
  dataDir?: string;
  /** `server.store` resolved against the file that set it (false: memory only; undefined: the default). */
  store?: string | false;
}

const CONFIG_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Lists the config files behind the given paths: files as given, directories' *.yaml|yml|json. */
export async function configFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info: Stats;
    try {
      info = await stat(path);
    } catch {
      throw new ConfigError([{ file: path, path: '', message: 'no such file or directory' }]);
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => !n.startsWith('.') && CONFIG_EXTENSIONS.has(extname(n)));
      files.push(...names.sort().map((n) => join(path, n)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** Reads, checks and merges config files. Throws a ConfigError listing every problem found. */
export async function loadConfig(paths: readonly string[], plugins: Plugins, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const files = await configFiles(paths);
  const schema = configFileSchema(plugins);
  const problems: ConfigProblem[] = [];
  const streams: StreamConfig[] = [];
  const dashboards: DashboardConfig[] = [];
  const dashboardIndex = new Map<DashboardConfig, number>();
  let server: ServerConfig | undefined;
  let serverFile: string | undefined;
  let dataDir: string | undefined;
  let store: string | false | undefined;

  for (const file of files) {
    const shown = displayName(file);
    const parsed = await parseFile(file, shown, problems);
    if (parsed === undefined) continue;
    const { value, missing } = substituteEnv(parsed ?? {}, env);
    for (const m of missing) {
      problems.push({ file: shown, path: formatPath(m.path), message: `environment variable ${m.name} is not set` });
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      problems.push(...zodProblems(shown, result.error, value));
      continue;
    }
    if (result.data.server) {
      if (serverFile) {
        problems.push({ file: shown, path: 'server', message: `server settings are already given in ${serverFile}` });
      } else {
        server = result.data.server;
        serverFile = shown;
        if (server.dataDir) dataDir = resolve(dirname(file), server.dataDir);
        if (server.store !== undefined) store = server.store === false ? false : resolve(dirname(file), server.store);
      }
    }
    result.data.streams.forEach((raw, index) => {
      const where = `streams[${index}]`;
      const stream = normalizeStream(raw, shown);
      problems.push(
        ...streamProblems(stream, raw.time, plugins, shown, where),
        ...seedProblems(stream, plugins, shown, `${where} (id "${stream.id}")`),
      );
      const clash = streams.find((s) => s.id === stream.id);
      if (clash) {
        problems.push({ file: shown, path: `${where}.id`, message: `stream id "${stream.id}" is already used in ${clash.file}` });
      } else {
        streams.push(stream);
      }
    });
    result.data.dashboards.forEach((raw, index) => {
      const dashboard = normalizeDashboard(raw, shown);
      dashboardIndex.set(dashboard, index);
      dashboards.push(dashboard);
    });
  }
  problems.push(...dashboardProblems(dashboards, streams, plugins.stages, (d) => dashboardIndex.get(d)!));
  if (problems.length > 0) throw new ConfigError(problems);
  return { server: server ?? serverSchema.parse({}), streams, dashboards, files, dataDir, store };
}

async function parseFile(file: string, shown: string, problems: ConfigProblem[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push({ file: shown, path: '', message: 'cannot be read' });
    return undefined;
  }
  try {
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : '';
      problems.push({ file: shown, path: '', message: `invalid YAML${where}: ${error.message.split('\n')[0]}` });
    } else {
      problems.push({ file: shown, path: '', message: `invalid JSON: ${(error as Error).message}` });
    }
    return undefined;
  }
}

function zodProblems(file: string, error: z.ZodError, value: unknown): ConfigProblem[] {
  return error.issues.flatMap(unionBranch).map((issue) => ({
    file,
    path: describePath(issue.path, value),
    message: issue.message,
  }));
}

/**
 * The issues worth showing for a value that matched no option of a union (`history: 120` or
 * `history: { … }`): those of the option whose type it has, at their full path; or, when it has
 * none of the types, one issue listing them ("expected number or object").
 */
export function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const wrongType = (branch: z.core.$ZodIssue[]) =>
    branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;
  const matching = issue.errors.find((branch) => !wrongType(branch));
  if (matching) return matching.flatMap((inner) => unionBranch({ ...inner, path: [...issue.path, ...inner.path] }));
  const expected = issue.errors.map((branch) => (branch[0] as { expected?: string }).expected).filter(Boolean);
  return [{ ...issue, message: `expected ${expected.join(' or ')}` }];
}

/** Like formatPath, plus the stream's or dashboard's id when the path is inside one: `streams[2] (id "pump-1").rate`. */
function describePath(path: ReadonlyArray<PropertyKey>, value: unknown): string {
  const text = formatPath(path);
  const section = path[0];
  if ((section === 'streams' || section === 'dashboards') && typeof path[1] === 'number') {
    const id = (value as Record<string, { id?: unknown }[] | undefined>)?.[section]?.[path[1]]?.id;
    if (typeof id === 'string' && id.length <= 64) {
      const head = `${section}[${path[1]}]`;
      return `${head} (id "${id}")${text.slice(head.length)}`;
    }
  }
  return text;
}

function streamProblems(
  stream: StreamConfig,
  declaredTime: string | null | undefined,
  plugins: Plugins,
  file: string,
  where: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (typeof declaredTime === 'string' && !stream.columns.some((c) => c.from === declaredTime)) {
    problems.push({ file, path: `${where}.time`, message: `"${declaredTime}" must also be listed in columns` });
  }
  const seen = new Set<string>();
  stream.columns.forEach((column, i) => {
    if (seen.has(column.as)) {
      problems.push({ file, path: `${where}.columns[${i}]`, message: `column name "${column.as}" is used twice` });
    }
    seen.add(column.as);
  });
  const timeColumns = stream.columns.filter((c) => c.type === 'time');
  if (timeColumns.length > 1) {
    problems.push({ file, path: `${where}.columns`, message: 'only one column can be the time column' });
  }
  if (stream.columns.every((c) => c.type === 'time')) {
    problems.push({ file, path: `${where}.columns`, message: 'needs at least one value column besides the time' });
  }
  if (problems.length === 0) problems.push(...stageProblems(stream, plugins.stages, file, `${where} (id "${stream.id}")`));
  return problems;
}

/** `history.seedFromTopic` needs a source that can seed (Kafka) and a time column to keep the rows by. */
function seedProblems(stream: StreamConfig, plugins: Plugins, file: string, where: string): ConfigProblem[] {
  if (stream.history.seedFromTopicMs === undefined) return [];
  const path = `${where}.history.seedFromTopic`;
  const type = stream.source.type;
  if (plugins.sources.get(type)?.seedsHistory !== true) {
    const seeding = plugins.sources
      .list()
      .filter((p) => p.seedsHistory)
      .map((p) => p.type);
    return [
      {
        file,
        path,
        message: `only ${seeding.join(' and ')} streams can seed their history from the topic; this stream's source is ${type}`,
      },
    ];
  }
  if (!stream.columns.some((c) => c.type === 'time')) {
    return [{ file, path, message: 'needs a time column (rows without one are stamped with the time they are read, all at the start)' }];
  }
  return [];
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
