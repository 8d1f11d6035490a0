// Builds the daemon (dist/cli.js) and the browser bundle (dist/public/) with esbuild.
// Type checking is separate (`npm run typecheck`), so a build takes well under a second.
import { build } from 'esbuild';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const publicDir = join(dist, 'public');
rmSync(dist, { recursive: true, force: true });
mkdirSync(publicDir, { recursive: true });

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

await build({
  // The Kafka consumer thread's script is its own entry: a worker is started from a file.
  entryPoints: { cli: join(root, 'src/cli/cli.ts'), 'kafka-worker': join(root, 'src/sources/kafka/worker.ts') },
  outdir: dist,
  bundle: true,
  splitting: true, // keeps optional sources (Kafka) in their own chunk, loaded on demand
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  define: { __RTG_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});

const ui = await build({
  entryPoints: { 'realtime-graph': join(root, 'src/ui/index.ts') },
  outdir: publicDir,
  bundle: true,
  splitting: true, // Plotly is a separate chunk fetched when the first chart is drawn
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});

// The daemon's pages name every chunk the element loads, Plotly's included, so the browser fetches
// them at once, beside the element's module, instead of one after another as each import is found.
const chunks = Object.keys(ui.metafile.outputs)
  .filter((file) => file.endsWith('.js') && file.includes('/chunks/'))
  .map((file) => `/${file.slice(file.indexOf('chunks/'))}`)
  .sort();
const preloads = chunks.map((href) => `    <link rel="modulepreload" href="${href}" />`).join('\n');
for (const page of ['index.html', 'dashboard.html']) {
  const html = readFileSync(join(root, 'src/ui', page), 'utf8');
  const script = '    <script type="module" src="/realtime-graph.js"></script>';
  if (!html.includes(script)) throw new Error(`src/ui/${page}: no ${script.trim()} to put the chunks' preloads before`);
  writeFileSync(join(publicDir, page), html.replace(script, `${preloads}\n${script}`));
}

// The element for front-end projects (`import 'realtime-graph/element'`): one ES module whose
// dependencies (lit, plotly.js-dist-min) stay imports for the project's bundler to resolve; Plotly
// stays a dynamic import, so the bundler makes it a chunk loaded on the first draw.
await build({
  entryPoints: { element: join(root, 'src/ui/index.ts') },
  outdir: join(dist, 'element'),
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
// Its type declarations (HTMLElementTagNameMap, the rg-* events) and its Custom Elements Manifest.
const bin = (name) => join(root, 'node_modules/.bin', name);
execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.element.json')], { stdio: 'inherit' });
execFileSync(bin('cem'), ['analyze', '--quiet'], { cwd: root, stdio: 'inherit' }); // custom-elements-manifest.config.mjs
publicOnly(join(dist, 'custom-elements.json'));

/**
 * The analyzer also lists the element's internal reactive state (protected fields declared in
 * `static properties`) as attributes, and its private `emit(name)` as an event called "name":
 * the manifest keeps what a page can use.
 */
function publicOnly(file) {
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.customElement) continue;
      const hidden = new Set((declaration.members ?? []).filter((m) => m.privacy && m.privacy !== 'public').map((m) => m.name));
      declaration.members = (declaration.members ?? []).filter((m) => !hidden.has(m.name));
      declaration.attributes = (declaration.attributes ?? []).filter((a) => !hidden.has(a.fieldName));
      declaration.events = (declaration.events ?? []).filter((e) => e.name.startsWith('rg-'));
    }
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

// Pre-compressed copies: koa-static serves them to browsers that accept them.
// (Never applies to the SSE route, which is not a static file.)
// Large files (the Plotly chunk) get a faster brotli level so that a build stays around a second.
for (const file of walk(publicDir)) {
  if (!/\.(js|html|css)$/.test(file)) continue;
  const body = readFileSync(file);
  const quality = body.length > 1_000_000 ? 5 : 9;
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 6 }));
  writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }));
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
