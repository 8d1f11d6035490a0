import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src/stream/history-store.js';
import { queryHistory } from '../../src/stream/history-query.js';
import { CHUNK_ROWS } from '../../src/stream/history-chunk.js';
import { M4Line } from '../../src/values/m4-decimation.js';

const BIG = { durationMs: 10 * 86_400_000, rows: 1_000_000, bytes: 1 << 30 };
const iso = (ms: number) => new Date(ms).toISOString();

function store(keep = BIG, columns: { name: string; type: 'number' | 'text' }[] = [{ name: 'a', type: 'number' }]) {
  return new HistoryStore('time', columns, keep);
}
const source = (s: HistoryStore, running = false) => ({ stream: 's', run: 'r1', running, store: s });
const rowsOf = (values: (number | null)[], t0 = 0, step = 1000) => values.map((a, k) => ({ time: iso(t0 + k * step), a }));

describe('HistoryStore', () => {
  it('keeps rows as numbers: epoch ms times, NaN for gaps, text by value', () => {
    const s = store(BIG, [
      { name: 'a', type: 'number' },
      { name: 'state', type: 'text' },
    ]);
    s.append([
      { time: iso(1000), a: 1.5, state: 'ON' },
      { time: iso(2000), a: null, state: null },
      { time: null, a: 3, state: 'ON' }, // no time: not kept
    ]);
    expect(s.rows).toBe(2);
    expect(s.untimed).toBe(1);
    const { data } = queryHistory(source(s), { points: 10 });
    expect(data.series).toEqual([
      { t: [1000, 2000], y: [1.5, null] },
      { t: [1000, 2000], y: ['ON', null] },
    ]);
  });

  it('never keeps more rows than keep.rows, dropping the oldest chunk whole', () => {
    const s = store({ ...BIG, rows: 1000 }); // chunks of 125 rows
    for (let k = 0; k < 30; k++)
      s.append(
        rowsOf(
          Array.from({ length: 100 }, (_, i) => k * 100 + i),
          k * 100_000,
        ),
      );
    expect(s.rows).toBeLessThanOrEqual(1000);
    expect(s.rows).toBeGreaterThan(1000 - 125);
    const { data } = queryHistory(source(s), { points: 10_000 });
    // What is kept is the newest rows, contiguous up to the last one appended.
    const y = data.series[0]!.y as number[];
    expect(y.at(-1)).toBe(2999);
    expect(y).toEqual(Array.from({ length: y.length }, (_, i) => 3000 - y.length + i));
  });

  it('never holds more bytes than keep.bytes', () => {
    const s = store({ ...BIG, bytes: 64 * 1024 });
    for (let k = 0; k < 50; k++)
      s.append(
        rowsOf(
          Array.from({ length: 1000 }, (_, i) => i),
          k * 1_000_000,
        ),
      );
    expect(s.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(s.rows).toBeGreaterThan(0);
  });

  it('drops chunks older than keep.duration of data time before the newest row', () => {
    const s = store({ ...BIG, durationMs: 3600_000, rows: 8 * 64 * 100 }); // chunks of 6400 rows
    // 10 rows/s for 2 hours: 72 000 rows.
    for (let k = 0; k < 72; k++)
      s.append(
        rowsOf(
          Array.from({ length: 1000 }, () => 1),
          k * 100_000,
          100,
        ),
      );
    const [kept] = s.passes();
    expect(kept!.to).toBe(71 * 100_000 + 999 * 100);
    expect(kept!.to - kept!.from).toBeGreaterThanOrEqual(3600_000 - 100);
    expect(kept!.to - kept!.from).toBeLessThan(3600_000 + 6400 * 100);
  });

  it('counts bytes per row close to 8 × (columns + 1) once chunks are full', () => {
    const s = store(
      BIG,
      ['a', 'b', 'c'].map((name) => ({ name, type: 'number' as const })),
    );
    const rows = Array.from({ length: CHUNK_ROWS * 10 }, (_, k) => ({ time: iso(k), a: k, b: k, c: k }));
    s.append(rows);
    // 8 × (3 + 1) per row, and 2 × 4 bytes per block of 64 rows of each column for the M4 extremes.
    expect(s.bytes / s.rows).toBe(32 + (3 * 8) / 64);
  });

  it('tells the passes of a looping replay apart', () => {
    const s = store();
    s.append(rowsOf([1, 2, 3]));
    s.startPass(1);
    s.append(rowsOf([4, 5, 6])); // the same times again
    expect(s.passes()).toEqual([
      { pass: 0, from: 0, to: 2000, rows: 3 },
      { pass: 1, from: 0, to: 2000, rows: 3 },
    ]);
    expect(queryHistory(source(s), { points: 10 }).data.series[0]!.y).toEqual([4, 5, 6]);
    expect(queryHistory(source(s), { points: 10, pass: 0 }).data.series[0]!.y).toEqual([1, 2, 3]);
  });
});

describe('queryHistory', () => {
  it('answers every row of the range when it holds at most 2·points rows, bounds included', () => {
    const s = store();
    s.append(rowsOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const { data } = queryHistory(source(s), { from: 2000, to: 5000, points: 2 });
    expect(data).toMatchObject({ resolution: 'full', rows: 4, from: 2000, to: 5000 });
    expect(data.series[0]).toEqual({ t: [2000, 3000, 4000, 5000], y: [2, 3, 4, 5] });
  });

  it('keeps first, min, max and last per pixel column, in time order', () => {
    const s = store();
    // 2 pixel columns over [0, 20 s): rows 0–9 in the first, 10–19 in the second.
    s.append(rowsOf([5, 1, 9, 3, 4, 2, 8, 6, 7, 5, 0, 0, 0, 7, 0, 0, -2, 0, 0, 1]));
    const { data } = queryHistory(source(s), { from: 0, to: 19_999, points: 2 });
    expect(data.resolution).toBe('m4');
    expect(data.rows).toBe(20);
    expect(data.series[0]).toEqual({
      t: [0, 1000, 2000, 9000, 10_000, 13_000, 16_000, 19_000],
      y: [5, 1, 9, 5, 0, 7, -2, 1],
    });
  });

  it('keeps gaps as breaks at pixel-column edges, once per run of gaps, and never more than 4 points per column', () => {
    const s = store();
    // 3 pixel columns of 4 rows: [1, 2, gap, gap] [gap, 3, 4, 5] [6, gap, 7, 8]
    s.append(rowsOf([1, 2, null, null, null, 3, 4, 5, 6, null, 7, 8]));
    const { data } = queryHistory(source(s), { from: 0, to: 11_999, points: 3 });
    expect(data.resolution).toBe('m4');
    expect(data.series[0]).toEqual({
      t: [0, 1000, 2000, 5000, 7000, 8000, 11_000],
      y: [1, 2, null, 3, 5, 6, 8],
    });
  });

  it('reads across chunks as one line', () => {
    const s = store({ ...BIG, rows: 512 }); // chunks of 64 rows
    const values = Array.from({ length: 500 }, (_, k) => (k === 100 ? 1000 : k === 300 ? -1000 : 0));
    s.append(rowsOf(values));
    const { data } = queryHistory(source(s), { from: 0, to: 499_999, points: 1 });
    expect(data.series[0]).toEqual({ t: [0, 100_000, 300_000, 499_000], y: [0, 1000, -1000, 0] });
  });

  it('keeps the first and last value per pixel column of a text column', () => {
    const s = store(BIG, [{ name: 'state', type: 'text' }]);
    const states = ['A', 'A', 'B', 'B', 'B', 'C', 'C', 'A'];
    s.append(states.map((state, k) => ({ time: iso(k * 1000), state })));
    const { data } = queryHistory(source(s), { from: 0, to: 7999, points: 2 });
    expect(data.series[0]).toEqual({ t: [0, 3000, 4000, 7000], y: ['A', 'B', 'B', 'A'] });
  });

  it('gives an ETag that changes when rows come into the range, and says whether the range is live', () => {
    const s = store();
    s.append(rowsOf([1, 2, 3]));
    const first = queryHistory(source(s, true), { points: 10 });
    expect(first.data.live).toBe(true);
    expect(queryHistory(source(s, true), { points: 10 }).etag).toBe(first.etag);
    const past = queryHistory(source(s, true), { from: 0, to: 1000, points: 10 });
    expect(past.data.live).toBe(false);
    s.append(rowsOf([4], 3000));
    expect(queryHistory(source(s, true), { points: 10 }).etag).not.toBe(first.etag);
    expect(queryHistory(source(s, true), { from: 0, to: 1000, points: 10 }).etag).toBe(past.etag);
    expect(queryHistory(source(s, false), { points: 10 }).data.live).toBe(false);
  });

  it('gives, over whole blocks of rows and across chunks, the points the row-by-row M4 gives', () => {
    const s = store();
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values = Array.from({ length: 50_000 }, () => (random() < 0.01 ? null : Math.round(random() * 1e6)));
    s.append(rowsOf(values, 0, 10));
    const from = 1234;
    const to = 487_654;
    const points = 7;
    const { data } = queryHistory(source(s), { from, to, points });
    // The same rows, one key per row, through the element's path.
    const t = Float64Array.from(values.map((_, k) => k * 10).filter((time) => time >= from && time <= to));
    const y = Float64Array.from(values.filter((_, k) => k * 10 >= from && k * 10 <= to).map((v) => v ?? Number.NaN));
    const keys = Float64Array.from(t, (time) => Math.min(points - 1, Math.floor((time - from) / ((to - from) / points))));
    const line = new M4Line();
    line.addRows(t, y, keys);
    const expected = line.finish();
    expect(data.series[0]).toEqual({ t: expected.x, y: expected.y });
    expect(expected.x.filter((_, k) => expected.y[k] !== null).length).toBeLessThanOrEqual(4 * points);
  });
});
