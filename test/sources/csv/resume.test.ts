// A CSV replay continues after the position a durable run stored: the record after the last one
// stored, in the same pass, and its loop passes go on from there.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvConfigSchema } from '../../../src/sources/csv/config.js';
import { csvSource } from '../../../src/sources/csv/source.js';
import { DataDir } from '../../../src/sources/data-dir.js';
import type { DataSource, SourceNotice } from '../../../src/sources/types.js';
import { rowsOf } from '../../../src/values/row.js';
import { pumpCsv, tempDir } from '../../helpers/temp.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let dataDir: DataDir;
const warnings: unknown[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/pump.csv', pumpCsv(50));
  dataDir = await DataDir.open(dir.path('data'));
});
afterAll(() => dir.remove());

/** Minutes after midnight of the timestamps of pumpCsv's rows. */
const minutes = (rows: { timestamp?: unknown }[]) =>
  rows.map((r) => Number(String(r.timestamp).slice(11, 13)) * 60 + Number(String(r.timestamp).slice(14, 16)));

function open(config: Record<string, unknown>, resumeFrom?: unknown) {
  const notices: SourceNotice[] = [];
  const source = csvSource.create(csvConfigSchema.parse({ file: 'pump.csv', rate: 'unlimited', ...config }), {
    streamId: 'test',
    dataDir,
    logger,
    fields: ['timestamp', 'sensor_04'],
    notify: (n) => notices.push(n),
    resumeFrom,
  });
  return { source, notices };
}

/** Reads one row at a time (rate 1e6 yields rows singly) until `count` rows, and the position after the last. */
async function readSome(source: DataSource, count: number) {
  const rows: Record<string, unknown>[] = [];
  let position: unknown;
  const abort = new AbortController();
  for await (const item of source.read(abort.signal)) {
    rows.push(...rowsOf(item));
    position = source.position!();
    if (rows.length >= count) break;
  }
  abort.abort();
  return { rows, position };
}

describe('csv replay resume', () => {
  it('continues at the record after the last one read, and reports where it is', async () => {
    const first = await readSome(open({ rate: 1_000_000 }).source, 17);
    expect(minutes(first.rows)).toEqual([...Array(17).keys()]);
    expect(first.position).toEqual({ pass: 0, record: 17, row: 17, emitted: 17 });
    const { source } = open({}, first.position);
    const rest = await readSome(source, 1000);
    expect(minutes(rest.rows)).toEqual([...Array(33).keys()].map((i) => i + 17));
    expect(source.progress?.()?.row).toBe(50);
    expect(rest.position).toEqual({ pass: 0, record: 50, row: 50, emitted: 50 });
  });

  it('counts records from the file start, startRow included', async () => {
    const first = await readSome(open({ rate: 1_000_000, startRow: 10 }).source, 5);
    expect(minutes(first.rows)).toEqual([10, 11, 12, 13, 14]);
    expect(first.position).toEqual({ pass: 0, record: 15, row: 5, emitted: 5 });
    const rest = await readSome(open({ startRow: 10 }, first.position).source, 1000);
    expect(minutes(rest.rows)).toEqual([...Array(35).keys()].map((i) => i + 15));
  });

  it('goes on with the loop passes of a looping replay, numbered on', async () => {
    const first = await readSome(open({ rate: 1_000_000, loop: true }).source, 60);
    expect(first.position).toEqual({ pass: 1, record: 10, row: 10, emitted: 60 });
    const { source, notices } = open({ rate: 1_000_000, loop: true }, first.position);
    const rest = await readSome(source, 45);
    expect(minutes(rest.rows)).toEqual([...[...Array(40).keys()].map((i) => i + 10), 0, 1, 2, 3, 4]);
    expect(notices).toEqual([{ type: 'looped', pass: 2 }]);
    expect(rest.position).toEqual({ pass: 2, record: 5, row: 5, emitted: 105 });
  });

  it('starts afresh, with a warning, from a position that is not a CSV replay position', async () => {
    warnings.length = 0;
    const { rows } = await readSome(open({ rate: 1_000_000 }, { partition: 0, offset: 12 }).source, 3);
    expect(minutes(rows)).toEqual([0, 1, 2]);
    expect(warnings).toMatchObject([{ msg: 'the stored replay position is not one a CSV replay gives: the replay starts afresh' }]);
  });
});
