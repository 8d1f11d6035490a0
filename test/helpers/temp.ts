import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory with helpers to write files into it; `remove()` deletes it. */
export async function tempDir(prefix = 'rtg-test-') {
  const root = await mkdtemp(join(tmpdir(), prefix));
  return {
    root,
    path: (...parts: string[]) => join(root, ...parts),
    async write(name: string, content: string | Buffer) {
      const file = join(root, name);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A small pump-like CSV: `rows` rows at 1-minute steps from 2024-01-01 00:00 (UTC-naive). */
export function pumpCsv(rows: number, columns = ['sensor_04', 'sensor_18', 'sensor_34']): string {
  const lines = [['timestamp', ...columns].join(',')];
  for (let i = 0; i < rows; i++) {
    const time = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString().slice(0, 19).replace('T', ' ');
    lines.push([time, ...columns.map((_, c) => ((i * 7 + c * 3) % 100) / 100)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A stream with a state column: row j at minute 2j + 1 after 2024-01-01 00:00 UTC (the odd
 * minutes), `sensor_04` = j / 10, `machine_status` BROKEN for rows 500–519, RECOVERING for
 * 520–559, NORMAL otherwise.
 */
export const watchRows = {
  minute: (j: number) => 2 * j + 1,
  value: (j: number) => j / 10,
  state: (j: number) => (j >= 500 && j < 520 ? 'BROKEN' : j >= 520 && j < 560 ? 'RECOVERING' : 'NORMAL'),
  csv(rows: number): string {
    const line = (j: number) => `${new Date(Date.UTC(2024, 0, 1, 0, this.minute(j))).toISOString()},${this.value(j)},${this.state(j)}`;
    return `timestamp,sensor_04,machine_status\n${Array.from({ length: rows }, (_, j) => line(j)).join('\n')}\n`;
  },
};
