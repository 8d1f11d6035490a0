// The generated pump file the load benchmarks replay: 100,000 rows × 54 columns, 1 minute apart.
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { spawnTracked, waitForExit } from './process.js';
import { largeCsv, repoRoot } from './paths.js';
import type { FileTimeline } from './load-protocol.js';

/** The path of the file relative to the data directory, as stream configs name it. */
export const LARGE_FILE = 'generated/pump_large.csv';
export const LARGE_ROWS = 100_000;
/** The columns every benchmark stream shows, as the default config does. */
export const PUMP_COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];

/** Generates data/generated/pump_large.csv with data/generate.ts unless it is already there. */
export async function ensureLargeFile(log: (message: string) => void): Promise<void> {
  if (existsSync(largeCsv) && statSync(largeCsv).size > 1_000_000) return;
  log(`generating ${LARGE_FILE} (${LARGE_ROWS} rows)…`);
  const child = spawnTracked('npx', ['tsx', 'data/generate.ts', '--large', String(LARGE_ROWS)], { cwd: repoRoot, stdio: 'inherit' });
  await waitForExit(child);
  if (child.exitCode !== 0) throw new Error(`data/generate.ts failed (${child.exitCode ?? child.signalCode})`);
}

/** Time of the first row and the step between rows, read from the file's first two data rows. */
export function largeFileTimeline(): FileTimeline {
  const fd = openSync(largeCsv, 'r');
  const head = Buffer.alloc(16 * 1024);
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const [, first, second] = head.toString('utf8').split('\n');
  const timeOf = (line: string | undefined) => Date.parse(`${line!.split(',')[0]!.replace(' ', 'T')}Z`);
  return { rowTime0: timeOf(first), rowStepMs: timeOf(second) - timeOf(first) };
}
