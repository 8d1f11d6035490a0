import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damagedCsv, minute } from '../../helpers/damaged-csv.js';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { connectSse, httpGet, type SseEvent } from '../../helpers/sse-client.js';
import { dataRows } from '../../helpers/sse-events.js';

// A real-world file replayed as fast as it goes, through the daemon, to a client over HTTP: every
// record that can be read arrives, in order, once, and nothing else.
const file = damagedCsv();
const COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34', 'sensor_00', { column: 'machine_status', type: 'text' }];

let daemon: TestDaemon;
let events: SseEvent[];
let rows: unknown[][];

beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [{ id: 'damaged', source: { type: 'csv', file: 'damaged.csv', rate: 'unlimited' }, columns: COLUMNS }],
    files: { 'damaged.csv': file.bytes },
  });
  const sse = await connectSse(`${daemon.url}/api/streams/damaged/events`);
  await sse.ended;
  events = sse.events;
  const names = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34', 'sensor_00', 'machine_status'];
  rows = dataRows(events, names).map((row) => names.map((name) => row[name]));
});
afterAll(() => daemon?.stop());

describe('a damaged real-world CSV file, replayed', () => {
  it('delivers every record that can be read, in order, none twice, none merged', () => {
    expect(rows.map((r) => r[1])).toEqual(file.delivered);
    expect(rows.map((r) => r[0])).toEqual(file.delivered.map(minute));
  });

  it('keeps quoted delimiters, doubled quotes and line breaks (CRLF and lone CR) inside their fields', () => {
    const statusOf = (n: number) => rows.find((r) => r[1] === n)![5];
    for (const [n, status] of file.status) expect(statusOf(n), `record ${n}`).toBe(status ?? null);
    expect(statusOf(1)).toBe('NORMAL');
  });

  it('turns empty, n/a and NaN cells into gaps, and invalid UTF-8 into U+FFFD', () => {
    const gaps = rows.find((r) => r[1] === file.gapsRecord)!;
    expect(gaps.slice(2, 5)).toEqual([null, null, null]);
    expect(rows.find((r) => r[1] === 230)![5]).toBe('NOR\uFFFD\uFFFDMAL');
  });

  it('keeps ragged rows with the cells they have', () => {
    expect(rows.find((r) => r[1] === 210)).toEqual([minute(210), 210, 0.5, null, 0.1, null]);
    expect(rows.find((r) => r[1] === 211)).toEqual([minute(211), 211, 0.5, 0.25, 0.1, 'NORMAL']);
  });

  it('ends as finished, with the skipped records counted in jobfinished', () => {
    const last = events.at(-1)!;
    expect(last.event).toBe('jobfinished');
    expect(JSON.parse(last.data)).toMatchObject({ rows: file.delivered.length, skipped: 2 });
    expect(events.map((e) => e.event)).not.toContain('sourceerror');
  });

  it('counts each kind of damage, in the source and in /metrics', async () => {
    expect(daemon.hub.get('damaged')!.sourceCounters()).toEqual({ raggedRows: 2, oversized: 1, unterminated: 1, invalidUtf8: 1 });
    const metrics = (await httpGet(`${daemon.url}/metrics`)).body;
    for (const [kind, count] of [
      ['ragged', 2],
      ['invalid_utf8', 1],
      ['oversized', 1],
      ['unterminated', 1],
    ] as const) {
      expect(metrics).toContain(`rtg_source_bad_rows_total{stream="damaged",kind="${kind}"} ${count}`);
    }
  });

  it('logs each kind of damage once with its line, and one summary: never a line per row', () => {
    const lines = daemon.logs.filter((l) => typeof l.msg === 'string' && (l.msg as string).includes('damaged.csv'));
    expect(lines.map((l) => l.msg)).toEqual([
      `damaged.csv line ${file.lines.ragged[0]}: a row with a wrong number of cells (kept, with gaps)`,
      `damaged.csv line ${file.lines.oversized[0]}: a record longer than maxRecordBytes (skipped)`,
      `damaged.csv line ${file.lines.invalidUtf8[0]}: a row with bytes that are not UTF-8 (kept, as U+FFFD)`,
      `damaged.csv line ${file.lines.unterminated[0]}: a quoted field never closed at the end of the file (that record skipped)`,
      'damaged.csv: 2 bad records skipped, 2 ragged and 1 invalid UTF-8 rows kept',
    ]);
    expect(lines.at(-1)).toMatchObject({ skipped: 2, ragged: 2, invalidUtf8: 1, lines: file.lines });
  });
});
