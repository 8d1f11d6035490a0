import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const ROWS = 40;

/** Serves `dir` (a Vite build) on a loopback origin of its own. */
async function staticServer(dir: () => string): Promise<{ origin: string; server: Server }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html');
    if (path.includes('..')) return void res.writeHead(400).end();
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    readFile(join(dir(), path)).then(
      (body) => res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describeIfAvailable('the packed package in a Vite project', browserMissing, () => {
  let work: string;
  let app: string;
  let site: { origin: string; server: Server };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rtg-package-'));
    app = join(work, 'app');
    site = await staticServer(() => join(app, 'dist'));
  });
  afterAll(async () => {
    site?.server.close();
    if (work) await rm(work, { recursive: true, force: true });
  });
  // Started after the app's server (it lets that origin in), stopped before it.
  const suite = elementSuite(() => ({
    server: { cors: { origins: [site.origin] } },
    streams: [{ id: 'pump', source: { type: 'csv', file: 'p.csv', rate: 200 }, columns: ['timestamp', 'sensor_04', 'sensor_18'] }],
    files: { 'p.csv': pumpCsv(ROWS, ['sensor_04', 'sensor_18']) },
  }));

  it('installs from `npm pack`, builds with Vite (Plotly a chunk of its own) and draws every row from a daemon on another origin', {
    timeout: 240_000,
  }, async () => {
    // dist/ is built before the tests run; packing must not build it again under other tests' feet.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root });
    const tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
    await mkdir(app);
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'rtg-vite-app', private: true, type: 'module', dependencies: { 'realtime-graph': `file:${tarball}` } }),
    );
    await writeFile(
      join(app, 'index.html'),
      `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./main.ts"></script></head>
       <body><realtime-graph server="${suite.daemon.url}" stream="pump" window="100" show-picker="false" autostart></realtime-graph></body></html>`,
    );
    // Typed through the package: HTMLElementTagNameMap and the rg-* event map.
    await writeFile(
      join(app, 'main.ts'),
      `import 'realtime-graph/element';
       const graph = document.querySelector('realtime-graph')!;
       graph.addEventListener('rg-render', (event) => ((window as unknown as { drawn: number }).drawn = ((window as unknown as { drawn?: number }).drawn ?? 0) + event.detail.points));
       const rows: number = graph.window;
       void rows;`,
    );
    await run(
      'npm',
      ['install', '--prefer-offline', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: app },
    );
    expect(JSON.parse(await readFile(join(app, 'node_modules/realtime-graph/package.json'), 'utf8')).customElements).toBe(
      'dist/custom-elements.json',
    );
    const tsc = await run(
      join(root, 'node_modules/.bin/tsc'),
      ['--noEmit', '--strict', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', '--skipLibCheck', 'main.ts'],
      { cwd: app },
    ).catch((e: { stdout: string }) => e);
    expect((tsc as { stdout: string }).stdout).toBe('');

    const { build } = await import('vite');
    await build({ root: app, logLevel: 'silent', configFile: false, build: { outDir: join(app, 'dist') } });
    const assets = await readdir(join(app, 'dist/assets'));
    const scripts = assets.filter((f) => f.endsWith('.js'));
    const sizes = await Promise.all(scripts.map(async (f) => ({ f, text: await readFile(join(app, 'dist/assets', f), 'utf8') })));
    // The app with the element and lit (well under 200 kB), and Plotly (over 1 MB), loaded on the first draw.
    expect(scripts.length).toBe(2);
    const plotlyChunks = sizes.filter((s) => s.text.length > 1_000_000);
    expect(plotlyChunks.length).toBe(1);
    expect(sizes.find((s) => s !== plotlyChunks[0])!.text.length).toBeLessThan(200_000);

    const loaded: string[] = [];
    const page = await suite.visit(`${site.origin}/`, {
      viewport: { width: 1280, height: 720 },
      beforeLoad: (p) => p.on('request', (request) => loaded.push(new URL(request.url()).pathname)),
    });
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 30_000 }).toMatch(/^finished/);
    // Plotly may still be loading when the short replay has finished.
    await expect.poll(() => tracePoints(page), { timeout: 30_000 }).toEqual([ROWS, ROWS]);
    await expect.poll(() => page.evaluate(() => (window as unknown as { drawn: number }).drawn)).toBe(ROWS);
    expect(loaded).toContain(`/assets/${plotlyChunks[0]!.f}`);
  });
});

describe('the Custom Elements Manifest (dist/custom-elements.json, made by the build)', () => {
  it("lists the element's attributes, events and parts, the series element's, the dashboard's and the tiles'", async () => {
    type Declaration = { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[]; cssParts?: { name: string }[] };
    const manifest = JSON.parse(await readFile(join(root, 'dist/custom-elements.json'), 'utf8')) as {
      modules: { declarations?: Declaration[] }[];
    };
    const tag = (name: string) => manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === name)!;
    const graph = tag('realtime-graph');
    expect(graph.attributes!.map((a) => a.name)).toEqual([
      'server',
      'token',
      'stream',
      'streams',
      'columns',
      'window',
      'range',
      'layout',
      'autostart',
      'preselect',
      'heading',
      'theme',
      'show-picker',
      'show-controls',
      'controls',
      'operator-token',
      'show-ranges',
      'show-columns',
      'backtest',
    ]);
    expect(graph.events!.map((e) => e.name)).toEqual([
      'rg-start',
      'rg-stop',
      'rg-status',
      'rg-data',
      'rg-error',
      'rg-alert',
      'rg-render',
      'rg-columns',
      'rg-view',
      'rg-hover',
    ]);
    expect(graph.cssParts!.map((p) => p.name)).toContain('range-button');
    expect(graph.cssParts!.map((p) => p.name)).toEqual(expect.arrayContaining(['backtest-button', 'backtest']));
    // The chart's Backtest view, its own element.
    expect(tag('rg-backtest-lanes').cssParts!.map((p) => p.name)).toEqual([
      'summary',
      'timeline',
      'failure',
      'lane',
      'span',
      'lead',
      'rule',
      'side',
      'threshold',
      'for',
      'resolve',
      'figures',
      'yaml',
      'message',
    ]);
    expect(tag('rg-series').attributes!.map((a) => a.name)).toEqual(['stream', 'column', 'server', 'token']);
    // The dashboard and its tiles, for pages that embed them.
    expect(tag('realtime-dashboard').attributes!.map((a) => a.name)).toEqual(['dashboard', 'server', 'token', 'theme', 'url-state']);
    expect(tag('rg-value-tile').attributes!.map((a) => a.name)).toEqual([
      'column',
      'unit',
      'decimals',
      'sparkline',
      'colors',
      'server',
      'token',
      'stream',
      'heading',
      'theme',
    ]);
    expect(tag('rg-state-tile').attributes!.map((a) => a.name)).toEqual(['server', 'token', 'stream', 'heading', 'theme']);
  });
});
