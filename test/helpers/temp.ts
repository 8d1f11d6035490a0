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
