// The `anomaly` stage's state across a restart: kill -9 (and SIGTERM) of a real daemon in the
// middle of a CSV replay, after the score's warm-up, and a start on the same store. Every row is
// stored once, and every row's score and z-scores equal, exactly, those of an uninterrupted run
// of the same file. Then the limit, as docs/history.md and docs/failure-watch.md state it: the
// stages are warmed with the rows the store gives back, so a restart once the rows of the run's
// start are gone continues the score (and a z-score whose window is longer than those rows) as a
// run started at the oldest row given back would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { normalizeStream, streamSchema } from '../../src/config/schema.js';
import { stagesForRun, streamTimeName } from '../../src/pipeline/run-pipeline.js';
import { runPipeline } from '../../src/pipeline/stage.js';
import { defaultPlugins } from '../../src/plugins.js';
import type { HistoryData } from '../../src/protocol/events.js';
import type { DataSource } from '../../src/sources/types.js';
import type { Row } from '../../src/values/row.js';
import { crashLogs } from '../helpers/cli.js';
import { daemons, freePort, historyOf } from '../helpers/crash.js';
import { connectSse, type SseEvent } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
/** 40 hours of data at 1-minute steps. */
const ROWS = 2400;
/** Rows a viewer of the first daemon has when it is stopped: 16 h 40 min of data, long after the score's 2 h warm-up. */
const STOP_AFTER = 1000;
/** Failure episodes, first and last row: one inside the warm-up (not learned from), one before the stop, two after it. */
const BROKEN: [number, number][] = [
  [40, 49],
  [600, 659],
  [1500, 1559],
  [2100, 2159],
];
/** meta.columns: the file's columns, then the stages' outputs in stage order. */
const COLUMNS = ['n', 'a', 'b', 'c', 'd', 'machine_status', 'a_z', 'c_z30h', 'anomaly'];
const column = (name: string) => COLUMNS.indexOf(name);

/** A small deterministic generator (mulberry32), so the file is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A pump at 1-minute steps: `a` follows a daily cycle, `b` follows `a`, `c` and `d` are steady.
 * Before the failure at row 600 `c` drifts for an hour; before the one at 1500 `d` grows noisier
 * for two hours; the one at 2100 comes without notice. While BROKEN every sensor reads near zero.
 */
function pumpCsv(): string {
  const next = random(28);
  const noise = () => next() + next() + next() - 1.5;
  const lines = ['timestamp,n,a,b,c,d,machine_status'];
  for (let i = 0; i < ROWS; i++) {
    const broken = BROKEN.some(([first, last]) => i >= first && i <= last);
    const day = Math.sin((2 * Math.PI * i) / 1440);
    const drift = i >= 540 && i < 600 ? (i - 540) * 0.1 : 0;
    const rough = i >= 1380 && i < 1500 ? 1 + (i - 1380) / 20 : 1;
    let a = 50 + 2 * day + noise();
    let b = 0.8 * a + 10 + 0.6 * noise();
    let c = 20 + noise() + drift;
    let d = 100 + day + rough * noise();
    if (broken) [a, b, c, d] = [noise(), noise(), 5 + noise(), noise()];
    const values = [a, b, c, d].map((x) => x.toFixed(3)).join(',');
    lines.push(`${new Date(T0 + i * MINUTE).toISOString()},${i},${values},${broken ? 'BROKEN' : 'NORMAL'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The stream as every daemon here runs it (and as the in-process pipeline below is built from). */
function stream(rate: number | 'unlimited') {
  return {
    id: 'pump',
    source: { type: 'csv', file: 'pump.csv', rate },
    columns: ['timestamp', 'n', 'a', 'b', 'c', 'd', { column: 'machine_status', type: 'text' }],
    stages: [
      { type: 'zscore', column: 'a', window: '1h', as: 'a_z' },
      // Longer than the whole of what was read before the stop: its window reaches back to the run's start.
      { type: 'zscore', column: 'c', window: '30h', as: 'c_z30h' },
      {
        type: 'anomaly',
        columns: ['a', 'b', 'c', 'd'],
        learn: '2h',
        baseline: 60,
        smooth: 5,
        top: 2,
        ignore: { column: 'machine_status', values: ['BROKEN'] },
      },
    ],
    states: { column: 'machine_status' },
    alerts: [{ name: 'unusual', column: 'anomaly', above: 0.5, for: '5m' }],
    autostart: true,
    // The file spans 40 h of data time: a week keeps all of it in the store whenever retention runs.
    history: { rows: 100, keep: { duration: '7d' } },
  };
}

function config(store: string, rate: number | 'unlimited'): string {
  return stringify({ server: { dataDir: 'data', store }, streams: [stream(rate)] });
}

let dir: Awaited<ReturnType<typeof tempDir>>;
const processes = daemons();
const spawn = (file: string, port: number) => processes.spawn(dir.path(file), port);
const fullHistory = (url: string) => historyOf(url, 'pump', T0, T0 + ROWS * MINUTE, ROWS);
const series = (h: HistoryData, name: string) => h.series[column(name)]!.y;
const transitions = (h: HistoryData) => h.alerts.map((x) => `${x.state} ${x.at}`);

/** The stored history after a restart holds every row once, with the uninterrupted run's values and alert transitions. */
function expectUninterrupted(stored: HistoryData, reference: HistoryData): void {
  expect(series(stored, 'n')).toEqual([...Array(ROWS).keys()]);
  for (const name of ['a_z', 'c_z30h', 'anomaly']) expect(series(stored, name), name).toEqual(series(reference, name));
  expect(transitions(stored)).toEqual(transitions(reference));
}

/** The `name` value of every row the data events carry, in order. */
function eventValues(events: readonly SseEvent[], name: string): unknown[] {
  const out: unknown[] = [];
  for (const e of events) {
    if (e.event === 'update') out.push((JSON.parse(e.data) as Record<string, unknown>)[name] ?? null);
    if (e.event === 'batch') out.push(...(JSON.parse(e.data) as { y: unknown[][] }).y[column(name)]!);
  }
  return out;
}

/** The uninterrupted run: a daemon of its own replaying the same file unpaced, on a store of its own (read once, in the first test that asks). */
let uninterrupted: Promise<HistoryData> | undefined;
function uninterruptedRun(): Promise<HistoryData> {
  uninterrupted ??= (async () => {
    const d = await spawn('reference.yaml', await freePort());
    await expect.poll(async () => (await fullHistory(d.url)).rows, { timeout: 30_000 }).toBe(ROWS);
    const h = await fullHistory(d.url);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
    expect(crashLogs(d.logs)).toEqual([]);
    return h;
  })();
  return uninterrupted;
}

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/pump.csv', pumpCsv());
  await dir.write('crash.yaml', config('store-crash', 300));
  await dir.write('graceful.yaml', config('store-graceful', 300));
  await dir.write('reference.yaml', config('store-reference', 'unlimited'));
});
afterAll(async () => {
  await processes.killAll();
  await dir.remove();
});

describe('the uninterrupted run', () => {
  it('scores after the 2 h warm-up, and fires around the failures on both sides of the stop', async () => {
    const reference = await uninterruptedRun();
    expect(reference.resolution).toBe('full');
    expect(reference.series.map((s) => s.y.length)).toEqual(COLUMNS.map(() => ROWS));
    const anomaly = series(reference, 'anomaly');
    // Row 0 starts the means, the warm-up runs 2 h of data time from row 1, and row 121 ends it.
    expect(anomaly.findIndex((x) => x !== null)).toBe(122);
    expect(anomaly.slice(122).every((x) => typeof x === 'number' && x >= 0 && x <= 1)).toBe(true);
    expect(new Set(anomaly.slice(STOP_AFTER)).size).toBeGreaterThan(500);
    const at = transitions(reference).map((x) => (Date.parse(x.split(' ')[1]!) - T0) / MINUTE);
    expect(at.some((row) => row < STOP_AFTER)).toBe(true);
    expect(at.filter((row) => row > STOP_AFTER + 100).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('the anomaly score across a restart', () => {
  it('kill -9 mid-replay: every row once, and every score and z-score after the restart as the uninterrupted run', async () => {
    const port = await freePort();
    const first = await spawn('crash.yaml', port);
    const viewer = await connectSse(`${first.url}/api/streams/pump/events`);
    await viewer.until((events) => eventValues(events, 'n').length >= STOP_AFTER, 30_000);
    expect((JSON.parse(viewer.events[0]!.data) as { columns: { name: string }[] }).columns.map((c) => c.name)).toEqual(COLUMNS);
    first.child.kill('SIGKILL');
    await first.exited;
    await viewer.ended;
    const lastId = viewer.events.at(-1)!.id;
    const reference = await uninterruptedRun();

    const second = await spawn('crash.yaml', port);
    const back = await connectSse(`${second.url}/api/streams/pump/events`, { 'Last-Event-ID': lastId });
    await back.until((events) => events.some((e) => e.event === 'jobfinished'), 60_000);
    expect(back.events.filter((e) => e.event === 'reset')).toEqual([]);

    // What the viewer got, before the crash and after, is every row once, with the uninterrupted values.
    const both = [...viewer.events, ...back.events];
    expect(eventValues(both, 'n')).toEqual([...Array(ROWS).keys()]);
    for (const name of ['a_z', 'c_z30h', 'anomaly']) expect(eventValues(both, name), name).toEqual(series(reference, name));

    const stored = await fullHistory(second.url);
    expect(stored.resolution).toBe('full');
    expect(stored.series[0]!.t).toEqual([...Array(ROWS).keys()].map((i) => T0 + i * MINUTE));
    expectUninterrupted(stored, reference);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(crashLogs([...first.logs, ...second.logs])).toEqual([]);
  }, 120_000);

  it('SIGTERM mid-replay: the same', async () => {
    const port = await freePort();
    const first = await spawn('graceful.yaml', port);
    const viewer = await connectSse(`${first.url}/api/streams/pump/events`);
    await viewer.until((events) => eventValues(events, 'n').length >= STOP_AFTER, 30_000);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const reference = await uninterruptedRun();

    const second = await spawn('graceful.yaml', port);
    await expect.poll(async () => (await fullHistory(second.url)).rows, { timeout: 60_000 }).toBe(ROWS);
    const stored = await fullHistory(second.url);
    expectUninterrupted(stored, reference);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(crashLogs([...first.logs, ...second.logs])).toEqual([]);
  }, 120_000);
});

describe('the limit: a restart warms the stages with the rows the store gives back', () => {
  const plugins = defaultPlugins();
  const streamConfig = normalizeStream(streamSchema(plugins).parse(stream('unlimited')), 'test.yaml');
  // No scale stage: nothing asks the source for the file's ranges.
  const source: DataSource = { read: async function* () {} };
  const stages = () =>
    stagesForRun(streamConfig, {
      timeName: streamTimeName(streamConfig, COLUMNS),
      source,
      signal: new AbortController().signal,
      mark: () => {},
    });

  /** The file's rows, its numbers parsed (the pipeline's column selection converts them no further). */
  function fileRows(): Row[] {
    const [header, ...lines] = pumpCsv().trimEnd().split('\n');
    const names = header!.split(',');
    return lines.map((line) => {
      const cells = line.split(',');
      return Object.fromEntries(
        names.map((name, i) => [name, name === 'timestamp' || name === 'machine_status' ? cells[i]! : Number(cells[i])]),
      );
    });
  }

  /** The pipeline's rows for `rows`, read by a run that starts with the first of them (on copies: stages write into rows). */
  async function fromStart(rows: readonly Row[]): Promise<Row[]> {
    return runPipeline(
      (await stages()).stage,
      rows.map((row) => ({ ...row })),
    ).rows;
  }

  /**
   * A run continued at row `at` whose store gave back only rows [kept, at): its stages are
   * warmed with those (as StreamRun does with the rows restored), then read on from `at`.
   */
  async function continued(rows: readonly Row[], uninterrupted: readonly Row[], kept: number, at: number): Promise<Row[]> {
    const run = await stages();
    run.warm(uninterrupted.slice(kept, at).map((row) => ({ ...row })));
    return runPipeline(
      run.stage,
      rows.slice(at).map((row) => ({ ...row })),
    ).rows;
  }

  it('continues as a run started at the oldest row given back: the score relearns, a window longer than those rows is cut', async () => {
    const rows = fileRows();
    const uninterrupted = await fromStart(rows);
    const at = STOP_AFTER;
    const kept = at - 600; // 10 h given back: more than the 2 h warm-up and the 1 h window, less than 30 h
    const restarted = await continued(rows, uninterrupted, kept, at);
    const startedThere = (await fromStart(rows.slice(kept))).slice(at - kept);
    const values = (out: readonly Row[], name: string) => out.map((row) => row[name]);
    for (const name of ['a_z', 'c_z30h', 'anomaly']) expect(values(restarted, name), name).toEqual(values(startedThere, name));
    // The 1 h z-score had all its window back; the 30 h one and the score's learned spreads did not.
    expect(values(restarted, 'a_z')).toEqual(values(uninterrupted.slice(at), 'a_z'));
    const differ = (name: string) => values(restarted, name).filter((x, i) => x !== uninterrupted[at + i]![name]).length;
    expect(differ('c_z30h')).toBeGreaterThan((ROWS - at) / 2);
    expect(differ('anomaly')).toBeGreaterThan((ROWS - at) / 2);
  });

  it('gives no score again until the warm-up is over when fewer rows than the warm-up were given back', async () => {
    const rows = fileRows();
    const uninterrupted = await fromStart(rows);
    const at = STOP_AFTER;
    const kept = at - 60; // 1 h given back, of a 2 h warm-up
    const anomaly = (await continued(rows, uninterrupted, kept, at)).map((row) => row.anomaly);
    // The warm-up runs again from the second row given back (kept + 1) to 2 h later (kept + 121).
    expect(anomaly.findIndex((x) => x !== null)).toBe(kept + 122 - at);
  });
});
