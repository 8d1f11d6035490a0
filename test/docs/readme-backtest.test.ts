// The README's backtest table is the figures as measured: the backtest it names is run again on
// the month file (generated here, as a user would with `data/generate.ts --month`), and its
// Markdown must equal the table between the README's markers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMonthFile } from '../../data/generate.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { ROOT } from './markdown.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const block = /<!-- backtest: (\S+) (\S+) (\S+) -->\n([\s\S]*?)<!-- \/backtest -->/.exec(readme);

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('rtg-readme-backtest-');
  writeMonthFile(dir.path('generated'));
}, 60_000);
afterAll(() => dir?.remove());

describe("the README's backtest table", () => {
  it('is what `backtest --markdown` prints for the stream, file and window its marker names', { timeout: 60_000 }, async () => {
    expect(block, 'README.md has a <!-- backtest: stream file window --> … <!-- /backtest --> block').not.toBeNull();
    const [, stream, file, window, table] = block!;
    const result = await runCli([
      'backtest',
      join(ROOT, 'config/default.yaml'),
      '--data-dir',
      dir.root,
      '--stream',
      stream!,
      '--file',
      file!,
      '--window',
      window!,
      '--markdown',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(table);
  });
});
