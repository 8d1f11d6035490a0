import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect } from 'vitest';
import { DurableStore } from '../../src/store/durable-store.js';
import { StoreError } from '../../src/store/errors.js';
import { tmpfsMissing } from '../helpers/requirements.js';
import { layout, memoryLogger, test } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/store-child.ts', import.meta.url));

/** Runs the child script to its end and returns its JSON lines. */
function runChild(mode: string, dir: string): Record<string, unknown>[] {
  const out = execFileSync('node', ['--import', 'tsx', CHILD, mode, dir], { encoding: 'utf8', timeout: 30_000 });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function storeWithRows(dir: string, rows: number): Promise<void> {
  const store = await DurableStore.open(dir, { logger: memoryLogger() });
  const history = await store.stream(layout());
  for (let i = 0; i < rows; i += 1000) {
    history.writer.rows(
      Array.from({ length: 1000 }, (_, k) => ({ time: i + k, temp: i + k, state: 'x', flow: 1 })),
      i,
      0,
    );
    history.writer.checkpoint({ run: 'r', seq: i, rows: i + 1000, pass: 0, position: null, extra: null });
    await history.flush();
  }
  await store.close();
}

describe('DurableStore.open when it cannot', () => {
  test('a directory under a regular file is a StoreError naming it', async ({ dir }) => {
    writeFileSync(join(dir, 'file'), 'x');
    const path = join(dir, 'file', 'store');
    const error = await DurableStore.open(path, { logger: memoryLogger() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toBe(
      `The store directory ${path} cannot be created or written (ENOTDIR): point the store at a writable directory.`,
    );
  });

  test('a file another process holds is a StoreError naming the lock and the PID', async ({ dir }) => {
    const store = await DurableStore.open(dir, { logger: memoryLogger() });
    try {
      const [answer] = runChild('open', dir);
      expect(answer).toEqual({
        name: 'StoreError',
        message: `The store ${join(dir, 'history.duckdb')} is locked by another process (PID ${process.pid}): stop that process, or give this daemon another store directory.`,
      });
    } finally {
      await store.close();
    }
  });

  test('another process holding it: this one is refused', async ({ dir }) => {
    const child = spawn('node', ['--import', 'tsx', CHILD, 'hold', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await expect.poll(() => out, { timeout: 20_000 }).toContain('pid');
      const error = await DurableStore.open(dir, { logger: memoryLogger() }).catch((e: unknown) => e);
      expect((error as StoreError).message).toContain(`is locked by another process (PID ${child.pid})`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('DurableStore.open on an unreadable file', () => {
  const movedAside = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('history.duckdb.corrupt-'));

  test('garbage: moved aside with one warning, and a new empty store', async ({ dir }) => {
    writeFileSync(join(dir, 'history.duckdb'), Buffer.alloc(300_000, 0x5a));
    writeFileSync(join(dir, 'history.duckdb.wal'), 'wal');
    const logger = memoryLogger();
    const store = await DurableStore.open(dir, { logger });
    const aside = movedAside(dir).filter((name) => !name.endsWith('.wal'));
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/^history\.duckdb\.corrupt-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(statSync(join(dir, aside[0]!)).size).toBe(300_000);
    expect(existsSync(join(dir, `${aside[0]}.wal`))).toBe(true);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.level).toBe('warn');
    expect(logger.lines[0]!.message).toBe(
      `The store ${join(dir, 'history.duckdb')} is unreadable: moved it to ${join(dir, aside[0]!)} and started an empty store.`,
    );
    expect(await (await store.stream(layout())).count()).toBe(0);
    await store.close();
  });

  test('a sound store whose file ends before its last, free, block: kept (it is not truncated)', async ({ dir }) => {
    // A store of the default config's five streams, as a daemon killed by a benchmark left it:
    // 9 blocks in the file, 10 counted by DuckDB, 3 of them free. It was once moved aside as truncated.
    const fixture = fileURLToPath(new URL('./fixtures/unwritten-tail-block.duckdb.gz', import.meta.url));
    writeFileSync(join(dir, 'history.duckdb'), gunzipSync(readFileSync(fixture)));
    const logger = memoryLogger();
    const store = await DurableStore.open(dir, { logger });
    await store.close();
    expect(movedAside(dir)).toEqual([]);
    expect(logger.lines).toEqual([]);
    const db = await DuckDBInstance.create(join(dir, 'history.duckdb'));
    const connection = await db.connect();
    expect((await connection.runAndReadAll('SELECT count(*)::INTEGER FROM streams')).getRows()).toEqual([[5]]);
    connection.closeSync();
    db.closeSync();
  });

  test('a store truncated to half its size: moved aside, and a new empty store', async ({ dir }) => {
    await storeWithRows(dir, 20_000);
    const file = join(dir, 'history.duckdb');
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2));
    const logger = memoryLogger();
    const store = await DurableStore.open(dir, { logger });
    expect(movedAside(dir)).toHaveLength(1);
    expect(logger.lines.map((l) => l.level)).toEqual(['warn']);
    const history = await store.stream(layout());
    expect(history.checkpoint()).toBeUndefined();
    expect(await history.count()).toBe(0);
    await store.close();
  });
});

const noTmpfs = tmpfsMissing();

describe('a disk that fills up', () => {
  const name = 'fails the store once, with one error line; writes are discarded and nothing throws';
  // Skipped with the reason on a machine that does not let us mount one (see itIfPermitted).
  if (noTmpfs) process.stderr.write(`skipping "${name}": ${noTmpfs}\n`);
  (noTmpfs ? test.skip : test)(name, async ({ dir }) => {
    const mount = join(dir, 'small');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
    try {
      const logger = memoryLogger();
      const store = await DurableStore.open(mount, { logger, flushMs: 5 });
      const history = await store.stream(layout());
      const text = 'y'.repeat(2000);
      let rows = 0;
      // About 4 MB of rows in all: twice the disk.
      for (let i = 0; i < 40 && history.health().ok; i++) {
        const batch = Array.from({ length: 50 }, (_, k) => ({ time: rows + k, temp: rows + k, state: `${text}${rows + k}`, flow: 0 }));
        rows += batch.length;
        history.writer.rows(batch, i, 0);
        history.writer.checkpoint({ run: 'r', seq: i, rows, pass: 0, position: null, extra: null });
        await history.flush();
      }
      expect(history.health()).toEqual({
        ok: false,
        message: expect.stringContaining(`Cannot write the store ${join(mount, 'history.duckdb')}`),
      });
      expect(store.health().ok).toBe(false);
      expect(history.health().message).toContain('No space left on device');
      expect(history.stats().commits).toBeGreaterThan(0);
      const errors = store.stats().writeErrors;
      expect(errors).toBeGreaterThanOrEqual(1);
      // Later writes are discarded: no commit is tried, no line logged, nothing thrown.
      const committed: number[] = [];
      history.writer.rows([{ time: 1e9, temp: 1 }], 99, 0);
      history.writer.checkpoint({ run: 'r', seq: 99, rows: rows + 1, pass: 0, position: null, extra: null }, () => committed.push(1));
      await history.flush();
      expect(committed).toEqual([]);
      expect(history.stats().pendingRows).toBe(0);
      expect(store.stats().writeErrors).toBe(errors);
      expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
      await store.close().catch(() => undefined);
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  });
});
