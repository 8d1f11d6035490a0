import { rm } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { csvConfigSchema } from '../../../src/sources/csv/config.js';
import { csvSource } from '../../../src/sources/csv/source.js';
import { DataDir } from '../../../src/sources/data-dir.js';
import { rowsOf, type Row } from '../../../src/values/row.js';
import { SourceError } from '../../../src/sources/errors.js';
import type { SourceNotice } from '../../../src/sources/types.js';
import { pumpCsv, tempDir } from '../../helpers/temp.js';

const logger = pino({ level: 'silent' });
// Captured before any test fakes timers: real file I/O needs real time between fake-time steps.
const realSetTimeout = globalThis.setTimeout;
let dir: Awaited<ReturnType<typeof tempDir>>;
let dataDir: DataDir;

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/pump.csv', pumpCsv(2000));
  await dir.write('data/five.csv', pumpCsv(5));
  await dir.write('data/gaps.csv', 'timestamp,a,b\n2024-01-01 00:00:00,,x\n2024-01-01 00:01:00,1.5,\n');
  dataDir = await DataDir.open(dir.path('data'));
});
afterAll(() => dir.remove());
afterEach(() => vi.useRealTimers());

function open(config: Record<string, unknown>, fields = ['timestamp', 'sensor_04']) {
  const notices: SourceNotice[] = [];
  const source = csvSource.create(csvConfigSchema.parse(config), {
    streamId: 'test',
    dataDir,
    logger,
    fields,
    notify: (n) => notices.push(n),
  });
  return { source, notices };
}

/** Reads rows in the background into `rows` until stopped. */
function consume(source: ReturnType<typeof open>['source']) {
  const rows: Row[] = [];
  const abort = new AbortController();
  const done = (async () => {
    for await (const item of source.read(abort.signal)) rows.push(...rowsOf(item));
  })();
  return { rows, stop: () => abort.abort(), done };
}

/** Advances fake time in small steps, letting real file I/O run for a real millisecond in between. */
async function advance(ms: number, step = 100) {
  for (let t = 0; t < ms; t += step) {
    await vi.advanceTimersByTimeAsync(step);
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
}

const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });

describe('csv source', () => {
  describe('pacing at a fixed rate', () => {
    it('delivers 600 ± 2 rows in 60 s at 10 rows/s (no drift)', async () => {
      fakeClock();
      const { source } = open({ file: 'pump.csv', rate: 10 });
      const reader = consume(source);
      await vi.waitFor(() => expect(reader.rows.length).toBe(1), { interval: 5 });
      await advance(60_000);
      expect(Math.abs(reader.rows.length - 600)).toBeLessThanOrEqual(2);
      reader.stop();
      await reader.done;
    });

    it('defaults to 10 rows/s like the original demo', async () => {
      fakeClock();
      const { source } = open({ file: 'pump.csv' });
      expect(source.nominalRate).toBe(10);
      const reader = consume(source);
      await vi.waitFor(() => expect(reader.rows.length).toBe(1), { interval: 5 });
      await advance(5_000);
      expect(reader.rows.length).toBeGreaterThanOrEqual(50);
      expect(reader.rows.length).toBeLessThanOrEqual(52);
      reader.stop();
      await reader.done;
    });

    it('stops when the signal aborts', async () => {
      fakeClock();
      const { source } = open({ file: 'pump.csv', rate: 10 });
      const reader = consume(source);
      await vi.waitFor(() => expect(reader.rows.length).toBe(1), { interval: 5 });
      await advance(1_000);
      expect(reader.rows.length).toBe(11); // rows 0 to 10, due at 0, 100, …, 1000 ms
      reader.stop();
      // The read ends without fake time moving on: the pending wait for row 11 was aborted.
      await reader.done;
      expect(reader.rows.length).toBe(11);
    });
  });

  describe('pacing by timestamps', () => {
    it('plays one minute of data per second at speed 60', async () => {
      fakeClock();
      const { source } = open({ file: 'pump.csv', timestampColumn: 'timestamp', speed: 60 });
      expect(source.nominalRate).toBeUndefined();
      const reader = consume(source);
      await vi.waitFor(() => expect(reader.rows.length).toBe(1), { interval: 5 });
      await advance(10_000);
      // rows are one minute apart: one per second, plus the row at t = 0
      expect(reader.rows.length).toBeGreaterThanOrEqual(10);
      expect(reader.rows.length).toBeLessThanOrEqual(12);
      reader.stop();
      await reader.done;
    });

    it('rejects speed without timestampColumn and rate together with speed', () => {
      expect(csvConfigSchema.safeParse({ file: 'x.csv', speed: 2 }).success).toBe(false);
      expect(csvConfigSchema.safeParse({ file: 'x.csv', speed: 2, rate: 5, timestampColumn: 't' }).success).toBe(false);
      expect(csvConfigSchema.safeParse({ file: 'x.csv', rate: -1 }).success).toBe(false);
    });
  });

  describe('unpaced replay', () => {
    it('reads a whole file as fast as it can with rate "unlimited"', async () => {
      const { source } = open({ file: 'pump.csv', rate: 'unlimited' });
      const reader = consume(source);
      await reader.done;
      expect(reader.rows.length).toBe(2000);
      expect(reader.rows[1999]).toEqual({ timestamp: '2024-01-02 09:19:00', sensor_04: String(((1999 * 7) % 100) / 100) });
    });
  });

  describe('loop', () => {
    it('starts again at the end and says so', async () => {
      fakeClock();
      const { source, notices } = open({ file: 'five.csv', rate: 10, loop: true });
      const reader = consume(source);
      await vi.waitFor(() => expect(reader.rows.length).toBe(1), { interval: 5 });
      await advance(1_500);
      // Reopening the file at each loop is real I/O: on a busy machine it may still be under way
      // when the fake clock stops, so wait (real time, fake time nudged) for the rows it brings.
      await vi.waitFor(() => expect(reader.rows.length).toBeGreaterThanOrEqual(15), { timeout: 5_000, interval: 5 });
      expect(reader.rows.slice(0, 10).map((r) => r.timestamp)).toEqual([
        ...reader.rows.slice(0, 5).map((r) => r.timestamp),
        ...reader.rows.slice(0, 5).map((r) => r.timestamp),
      ]);
      expect(notices.filter((n) => n.type === 'looped').length).toBeGreaterThanOrEqual(2);
      expect(notices[0]).toEqual({ type: 'looped', pass: 1 });
      reader.stop();
      await reader.done;
    });

    it('ends without looping when loop is off', async () => {
      const { source, notices } = open({ file: 'five.csv', rate: 'unlimited' });
      const reader = consume(source);
      await reader.done;
      expect(reader.rows.length).toBe(5);
      expect(notices).toEqual([]);
    });
  });

  describe('startRow', () => {
    it('skips that many data rows', async () => {
      const { source } = open({ file: 'five.csv', rate: 'unlimited', startRow: 3 });
      const reader = consume(source);
      await reader.done;
      expect(reader.rows.map((r) => r.timestamp)).toEqual(['2024-01-01 00:03:00', '2024-01-01 00:04:00']);
    });

    it('loops back to startRow, not to the first row', async () => {
      fakeClock();
      const { source } = open({ file: 'five.csv', rate: 10, startRow: 3, loop: true });
      const reader = consume(source);
      await vi.waitFor(() => expect(reader.rows.length).toBe(1), { interval: 5 });
      await advance(500);
      await vi.waitFor(() => expect(reader.rows.length).toBeGreaterThanOrEqual(4), { timeout: 5_000, interval: 5 }); // (see above)
      expect(reader.rows.slice(0, 4).map((r) => r.timestamp)).toEqual([
        '2024-01-01 00:03:00',
        '2024-01-01 00:04:00',
        '2024-01-01 00:03:00',
        '2024-01-01 00:04:00',
      ]);
      reader.stop();
      await reader.done;
    });
  });

  describe('cells', () => {
    it('yields empty cells as empty strings for the pipeline to turn into gaps', async () => {
      const { source } = open({ file: 'gaps.csv', rate: 'unlimited' }, ['timestamp', 'a', 'b']);
      const reader = consume(source);
      await reader.done;
      expect(reader.rows).toEqual([
        { timestamp: '2024-01-01 00:00:00', a: '', b: 'x' },
        { timestamp: '2024-01-01 00:01:00', a: '1.5', b: '' },
      ]);
    });
  });

  describe('progress', () => {
    it('reports the row and the total of a replay', async () => {
      const { source } = open({ file: 'five.csv', rate: 'unlimited' });
      const reader = consume(source);
      await reader.done;
      await vi.waitFor(() => expect(source.progress?.()).toEqual({ row: 5, total: 5 }));
    });
  });

  describe('errors', () => {
    it('names the missing column and the file at check time', async () => {
      const { source } = open({ file: 'pump.csv' }, ['timestamp', 'sensor_99']);
      await expect(source.check!()).rejects.toThrow(SourceError);
      await expect(source.check!()).rejects.toThrow(/"sensor_99".*pump\.csv/);
    });

    it('names a file that does not exist', async () => {
      const { source } = open({ file: 'nope.csv' });
      await expect(source.check!()).rejects.toThrow(/nope\.csv does not exist/);
    });

    it('skips a record over maxRecordBytes and one left open at the end, counts them, and delivers every other row', async () => {
      const rows = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => `2024-01-0${from} 00:${String(i).padStart(2, '0')}:00,${from}.${i}`).join('\n');
      await dir.write(
        'data/damaged.csv',
        `timestamp,sensor_04\n${rows(1, 3)}\n2024-01-02 00:00:00,${'9'.repeat(5000)}\n${rows(3, 2)}\n2024-01-04 00:00:00,"0.5\n${rows(5, 2)}\n`,
      );
      const { source } = open({ file: 'damaged.csv', rate: 'unlimited', maxRecordBytes: 1024 });
      const reader = consume(source);
      await reader.done;
      expect(reader.rows.map((r) => r.sensor_04)).toEqual(['1.0', '1.1', '1.2', '3.0', '3.1']);
      expect(source.counters!()).toEqual({ raggedRows: 0, oversized: 1, unterminated: 1, invalidUtf8: 0 });
      expect(source.skipped!()).toBe(2);
    });

    it('fails with a SourceError naming the file when it cannot be read', async () => {
      const file = await dir.write('data/gone.csv', pumpCsv(5));
      const { source } = open({ file: 'gone.csv', rate: 'unlimited' });
      await source.check!();
      await rm(file);
      await expect(consume(source).done).rejects.toThrow(SourceError);
    });

    it('refuses files outside the data directory', async () => {
      await dir.write('secret.csv', 'timestamp,sensor_04\n');
      for (const file of ['../secret.csv', dir.path('secret.csv')]) {
        const { source } = open({ file });
        await expect(source.check!()).rejects.toThrow(SourceError);
      }
    });
  });
});
