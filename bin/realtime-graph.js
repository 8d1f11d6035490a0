#!/usr/bin/env node
// The package's command. The TypeScript sources are compiled to dist/ by `npm run build`
// (run automatically by `npm ci` / `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('realtime-graph: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}
await import(cli.href);
