// Every config snippet of README.md and docs/*.md still runs as written: each YAML block meant as
// a config goes through the real `realtime-graph validate --data`, and each command line that
// runs `realtime-graph` uses a subcommand and flags that `realtime-graph --help` lists.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { type Fence, parseMarkdown, ROOT, repositoryFiles } from './markdown.js';

const DOCUMENTS = repositoryFiles().filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));

/**
 * What a YAML block is, from its top-level keys or the comment before its fence:
 * - a whole config file: a top-level `server:` or `streams:` key;
 * - `<!-- snippet: stream -->`: fields of one stream, checked inside BASE_STREAM (its fields
 *   replace the base's);
 * - only a top-level `dashboards:` key: dashboards over the streams of the page's config block
 *   above it, checked in that config;
 * - `<!-- snippet: not a config (why) -->`: not checked (a Prometheus rule, say).
 */
type Kind = 'config' | 'stream' | 'dashboards' | 'not a config';

/** A stream of the bundled data that a stream fragment is checked in. */
const BASE_STREAM = {
  id: 'snippet',
  source: { type: 'csv', file: 'pump_raw.csv', timestampColumn: 'timestamp', speed: 60 },
  columns: ['timestamp', { column: 'sensor_04', as: 'motor_current' }, { column: 'machine_status', type: 'text' }],
};

interface Snippet {
  where: string;
  kind: Kind;
  /** The config file to validate (for `config` and `stream`). */
  config: string;
}

function classify(file: string, fence: Fence, above: string | undefined): Snippet {
  const where = `${file}:${fence.line}`;
  if (fence.marker !== undefined) {
    if (fence.marker === 'stream') {
      const fields = parseYaml(fence.body) as Record<string, unknown>;
      return { where, kind: 'stream', config: stringify({ streams: [{ ...BASE_STREAM, ...fields }] }) };
    }
    if (/^not a config \(.+\)$/.test(fence.marker)) return { where, kind: 'not a config', config: '' };
    throw new Error(`${where}: unknown snippet marker "${fence.marker}" (stream, or not a config (why))`);
  }
  const value: unknown = parseYaml(fence.body);
  const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  if (keys.includes('server') || keys.includes('streams')) return { where, kind: 'config', config: fence.body };
  if (keys.length === 1 && keys[0] === 'dashboards') {
    if (above === undefined) throw new Error(`${where}: dashboards with no config block above them on the page to check them in`);
    return { where, kind: 'dashboards', config: stringify({ ...(parseYaml(above) as object), ...(value as object) }) };
  }
  throw new Error(
    `${where}: a yaml block without a top-level server: or streams: key; mark it <!-- snippet: stream --> or <!-- snippet: not a config (why) -->`,
  );
}

const snippets = DOCUMENTS.flatMap((file) => {
  let above: string | undefined;
  return parseMarkdown(readFileSync(`${ROOT}${file}`, 'utf8'))
    .fences.filter((f) => f.lang === 'yaml' || f.lang === 'yml')
    .map((fence) => {
      const snippet = classify(file, fence, above);
      if (snippet.kind === 'config') above = snippet.config;
      return snippet;
    });
});
const checked = snippets.filter((s) => s.kind !== 'not a config');

/**
 * The YAML blocks of each page, by kind: a fence typo (```yml vs ```yaml is fine, ```yam is not)
 * or a lost block changes these. Update them with the pages.
 */
const EXPECTED: Record<string, Partial<Record<Kind, number>>> = {
  'README.md': { config: 2, stream: 1, dashboards: 1 },
  'docs/configuration.md': { config: 3, stream: 1 },
  'docs/dashboards.md': { config: 1 },
  'docs/element.md': { config: 1 },
  'docs/failure-watch.md': { config: 1, stream: 1, 'not a config': 1 },
  'docs/history.md': { config: 1 },
  'docs/http-api.md': { config: 1 },
  'docs/kafka.md': { config: 1, stream: 1 },
  'docs/mqtt.md': { config: 1 },
};

/** Each `${NAME}` without a default gets a value of its own, long enough for a token. */
function envFor(config: string): Record<string, string> {
  const names = [...config.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((name) => [name, `snippet-value-of-${name}`]));
}

describe('the YAML configs of README.md and docs/', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rtg-snippets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are the blocks expected, by page and kind', () => {
    const found: Record<string, Partial<Record<Kind, number>>> = {};
    for (const s of snippets) {
      const page = s.where.slice(0, s.where.lastIndexOf(':'));
      const counts = found[page] ?? {};
      counts[s.kind] = (counts[s.kind] ?? 0) + 1;
      found[page] = counts;
    }
    expect(found).toEqual(EXPECTED);
    expect(checked.length).toBe(17);
  });

  it.each(checked.map((s) => [s.where, s] as const))('%s validates', async (_where, snippet) => {
    const path = join(dir, `${snippet.where.replace(/[/:.]/g, '-')}.yaml`);
    await writeFile(path, snippet.config);
    // --data also reads the CSV files the snippet replays: from the bundled data/.
    const result = await runCli(['validate', path, '--data', '--data-dir', join(ROOT, 'data')], envFor(snippet.config));
    expect({ code: result.code, stderr: result.stderr }, result.stdout).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^ok: \d+ stream\(s\)( and \d+ dashboard\(s\))? in /);
  });
});

/** The subcommands of `realtime-graph --help` and the flags each takes. */
function commandsOfHelp(help: string): Map<string, Set<string>> {
  const lines = help.split('\n');
  const commands = new Map<string, Set<string>>();
  const flagsIn = (text: string) => [...text.matchAll(/(?<![\w-])(--?[a-z][a-z-]*)/g)].map((m) => m[1]!);
  let current: string | undefined;
  let section: string | undefined;
  for (const line of lines) {
    const usage = /^ {2}realtime-graph \[?([a-z]+)\]?/.exec(line);
    const options = /^Options for ([a-z]+):/.exec(line);
    if (usage) current = usage[1]!;
    else if (options) section = options[1]!;
    else if (/^\S/.test(line) || line.trim() === '') current = section = undefined;
    const name = usage ? current : (section ?? current);
    if (name === undefined) continue;
    const flags = commands.get(name) ?? new Set(['--help', '-h', '--version', '-v']);
    // On a usage line, only what follows the command: `realtime-graph [serve] [options]`.
    for (const flag of flagsIn(usage ? line.slice(usage[0].length) : line)) flags.add(flag);
    commands.set(name, flags);
  }
  return commands;
}

/** Splits a command line into words as a shell would (quotes, backslash-newlines), up to a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    if (m[3]?.startsWith('#')) break;
    out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

const PREFIXES: [RegExp, string | undefined][] = [
  [/^(?:npx )?realtime-graph\b/, undefined],
  [/^node bin\/realtime-graph\.js\b/, undefined],
  [/^npm start -- /, 'serve'],
];

interface CommandLine {
  where: string;
  command: string;
  args: string[];
}

const commandLines: CommandLine[] = DOCUMENTS.flatMap((file) =>
  parseMarkdown(readFileSync(`${ROOT}${file}`, 'utf8'))
    .fences.filter((f) => ['sh', 'bash', 'shell'].includes(f.lang))
    .flatMap((fence) =>
      fence.body
        .replace(/\\\n/g, ' ')
        .split('\n')
        .flatMap((line) => line.split(/&&|\|\||;|\|/))
        .map((part) => part.trim().replace(/^\$ /, '').replace(/\s&$/, ''))
        .flatMap((part) => {
          for (const [prefix, command] of PREFIXES) {
            const m = prefix.exec(part);
            if (!m) continue;
            const rest = words(part.slice(m[0].length));
            const implicit = command ?? (rest[0] === undefined || rest[0].startsWith('-') ? 'serve' : rest.shift()!);
            return [{ where: `${file}:${fence.line}`, command: implicit, args: rest }];
          }
          return [];
        }),
    ),
);

describe('the realtime-graph command lines of README.md and docs/', () => {
  let known: Map<string, Set<string>>;
  beforeAll(async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    known = commandsOfHelp(help.stdout);
  });

  it('reads the subcommands and their flags from --help', () => {
    expect([...known.keys()].sort()).toEqual(['backtest', 'produce', 'replay', 'schema', 'serve', 'sources', 'validate']);
    expect(known.get('backtest')).toContain('--require-lead');
    expect([...known.get('validate')!].sort()).toEqual(['--data', '--help', '--version', '-h', '-v']);
    expect(known.get('replay')).toContain('--seek');
    expect(known.get('serve')).toContain('--config');
    expect(known.get('serve')).not.toContain('--seek');
  });

  it('are the command lines expected', () => {
    const page = (where: string) => where.slice(0, where.lastIndexOf(':'));
    expect(commandLines.map((c) => `${page(c.where)} ${c.command}`)).toEqual([
      'README.md validate',
      'README.md serve',
      'README.md produce',
      'README.md serve',
      'README.md produce',
      'README.md serve',
      'docs/failure-watch.md backtest',
      'docs/failure-watch.md backtest',
      'docs/http-api.md replay',
      'docs/http-api.md replay',
      'docs/http-api.md replay',
      'docs/kafka.md produce',
      'docs/kafka.md serve',
      'docs/mqtt.md produce',
      'docs/mqtt.md serve',
    ]);
  });

  it('use subcommands and flags that --help lists', () => {
    const unknown = commandLines.flatMap(({ where, command, args }) => {
      const flags = known.get(command);
      if (!flags) return [`${where}: unknown subcommand ${command}`];
      return args
        .filter((a) => /^--?[a-z]/.test(a))
        .map((a) => a.replace(/=.*$/, ''))
        .filter((flag) => !flags.has(flag))
        .map((flag) => `${where}: ${command} has no flag ${flag}`);
    });
    expect(unknown).toEqual([]);
  });
});

describe("the README's two commands", () => {
  it('are `npm ci && npm start` and `npm ci && npm test`, in sh blocks (.ci/run runs npm test)', () => {
    const shell = parseMarkdown(readFileSync(`${ROOT}README.md`, 'utf8')).fences.filter((f) => f.lang === 'sh');
    const firstCommands = shell.map((f) => f.body.split('\n')[0]!.replace(/\s+#.*$/, ''));
    expect(firstCommands.slice(0, 2)).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });
});
