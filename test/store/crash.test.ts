// Durability by crashing: a child process commits checkpoints in a loop and is killed with
// SIGKILL at a random moment; the store it leaves must hold exactly the rows of its last
// committed checkpoint, no gap and no duplicate, and continue from there.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { DurableStore } from '../../src/store/durable-store.js';
import { layout, memoryLogger, test } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/store-child.ts', import.meta.url));

/** Runs the writer child until it has committed `atLeast` rows past its start, then kills it; returns the rows it said were committed. */
async function writeAndKill(dir: string, atLeast: number): Promise<{ start: number; committed: number }> {
  const child = spawn('node', ['--import', 'tsx', CHILD, 'write', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let start = -1;
  let committed = -1;
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const message = JSON.parse(line) as { start?: number; committed?: number };
      if (message.start !== undefined) start = message.start;
      if (message.committed !== undefined) committed = message.committed;
    }
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  try {
    await expect.poll(() => start >= 0 && committed >= start + atLeast, { timeout: 25_000, interval: 5 }).toBe(true);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return { start, committed };
}

describe('a writer killed with SIGKILL in the middle of commits', () => {
  test('leaves exactly the rows of its last committed checkpoint, and the next run continues them', async ({ dir }) => {
    let previous = 0;
    // Three runs, each killed at a random point (its rows are checked after each).
    for (let round = 0; round < 3; round++) {
      const { start, committed } = await writeAndKill(dir, 200 + Math.floor(Math.random() * 2000));
      expect(start).toBe(previous);
      const store = await DurableStore.open(dir, { logger: memoryLogger() });
      const history = await store.stream(layout());
      const checkpoint = history.checkpoint()!;
      // The checkpoint is the last committed one: at least the last the child heard of.
      expect(checkpoint.rows).toBeGreaterThanOrEqual(committed);
      expect(checkpoint.position).toEqual({ rows: checkpoint.rows });
      const rows = await history.recent(1_000_000);
      expect(rows).toHaveLength(checkpoint.rows);
      rows.forEach((row, i) => {
        if (row.rn !== i || row.t !== i * 1000 || row.values[0] !== i || row.values[1] !== `s${i}` || row.values[2] !== -i) {
          expect.fail(`row ${i} is ${JSON.stringify(row)}`);
        }
      });
      const marks = await history.marks();
      expect(marks.length).toBe(checkpoint.seq);
      expect(marks.at(-1)).toMatchObject({ rn: checkpoint.rows, seq: checkpoint.seq, payload: { at: checkpoint.rows } });
      previous = checkpoint.rows;
      await store.close();
    }
  }, 120_000);
});
