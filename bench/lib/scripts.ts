// Child scripts of the suite (load worker, reference server, raw csv-parse) are bundled once with
// esbuild into a temp directory and run with plain `node`: they start fast and run the same code
// a published build would, with no TypeScript loader in the measured process.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let outDir: string | undefined;
const built = new Map<string, Promise<string>>();

/** Path of the bundled script for bench/lib/<name>.ts (built on first use). */
export function bundledScript(name: string): Promise<string> {
  let path = built.get(name);
  if (!path) {
    outDir ??= mkdtempSync(join(tmpdir(), 'rtg-bench-scripts-'));
    const outfile = join(outDir, `${name}.mjs`);
    path = build({
      entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
      // Bundled CommonJS dependencies may call require(); give them one.
      banner: { js: "import { createRequire as __rtgRequire } from 'node:module'; const require = __rtgRequire(import.meta.url);" },
    }).then(() => outfile);
    built.set(name, path);
  }
  return path;
}

/** Bundles a browser script (bench/pages/<name>.ts) as one IIFE and returns its text. */
export async function bundledPageScript(name: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../pages/${name}.ts`, import.meta.url))],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/** Removes the temp directory of bundled scripts. */
export function removeBundledScripts(): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  outDir = undefined;
  built.clear();
}
