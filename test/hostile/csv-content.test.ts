import { createWriteStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, type SseEvent } from '../helpers/sse-client.js';
import { dataRows } from '../helpers/sse-events.js';
import { pumpCsv } from '../helpers/temp.js';

const columns = ['timestamp', 'a', { column: 'b', type: 'text' }];
const HEADER = 'timestamp,a,b';
const FILES: Record<string, string | Buffer> = {
  'bom.csv': `\uFEFF${HEADER}\n2024-01-01 00:00:00,1,x\n2024-01-01 00:01:00,2,y\n`,
  'crlf.csv': `${HEADER}\r\n2024-01-01 00:00:00,1,x\r\n2024-01-01 00:01:00,2,y\r\n`,
  'cr.csv': `${HEADER}\r2024-01-01 00:00:00,1,x\r2024-01-01 00:01:00,2,y\r`,
  'quoted.csv': `${HEADER}\n2024-01-01 00:00:00,1,"a, b"\n2024-01-01 00:01:00,2,"line one\nline two"\n`,
  'ragged.csv': `${HEADER}\n2024-01-01 00:00:00,1\n2024-01-01 00:01:00,2,y,extra,cells\n2024-01-01 00:02:00,3,z\n`,
  'cells.csv': `${HEADER}\n2024-01-01 00:00:00,,x\n2024-01-01 00:01:00,n/a,y\nnot a time,3,z\n`,
  'unclosed.csv': `${HEADER}\n2024-01-01 00:00:00,1,x\n2024-01-01 00:01:00,2,"never closed\n`,
  'utf8.csv': Buffer.concat([
    Buffer.from(`${HEADER}\n2024-01-01 00:00:00,1,`),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('\n2024-01-01 00:01:00,2,y\n'),
  ]),
  'healthy.csv': pumpCsv(2000, ['a', 'b']),
  'huge-line.csv': `${HEADER}\n`, // replaced by the 50 MB file below, after the start-up check
};

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [
      ...Object.keys(FILES)
        .filter((f) => f !== 'healthy.csv' && f !== 'huge-line.csv')
        .map((file) => ({ id: file.replace('.csv', ''), source: { type: 'csv', file, rate: 'unlimited' }, columns })),
      { id: 'huge', source: { type: 'csv', file: 'huge-line.csv', rate: 'unlimited' }, columns },
      { id: 'healthy', source: { type: 'csv', file: 'healthy.csv', rate: 100 }, columns: ['timestamp', 'a'] },
    ],
    files: FILES,
  });
  // A 50 MB line after two good rows, written in chunks (never held in memory here either).
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(`${daemon.dataDir}/huge-line.csv`);
    out.on('error', reject);
    out.write(`${HEADER}\n2024-01-01 00:00:00,1,x\n2024-01-01 00:01:00,2,y\n2024-01-01 00:02:00,3,`);
    const chunk = 'z'.repeat(1 << 20);
    for (let i = 0; i < 50; i++) out.write(chunk);
    out.end('\n2024-01-01 00:03:00,4,w\n', resolve);
  });
});
afterAll(() => daemon?.stop());

async function replay(id: string): Promise<{ rows: unknown[][]; events: SseEvent[] }> {
  const sse = await connectSse(`${daemon.url}/api/streams/${id}/events`);
  await sse.ended;
  const rows = dataRows(sse.events, ['timestamp', 'a', 'b']).map((r) => [r.timestamp, r.a, r.b]);
  return { rows, events: sse.events };
}

const last = (events: SseEvent[]) => events.at(-1)!;
const t = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();

describe('hostile CSV content', () => {
  it.each([
    [
      'bom',
      [
        [t(0), 1, 'x'],
        [t(1), 2, 'y'],
      ],
    ],
    [
      'crlf',
      [
        [t(0), 1, 'x'],
        [t(1), 2, 'y'],
      ],
    ],
    [
      'cr',
      [
        [t(0), 1, 'x'],
        [t(1), 2, 'y'],
      ],
    ],
    [
      'quoted',
      [
        [t(0), 1, 'a, b'],
        [t(1), 2, 'line one\nline two'],
      ],
    ],
    [
      'cells',
      [
        [t(0), null, 'x'],
        [t(1), null, 'y'],
        [null, 3, 'z'],
      ],
    ],
  ])('%s: every row arrives, exactly, and the replay finishes', async (id, expected) => {
    const { rows, events } = await replay(id);
    expect(rows).toEqual(expected);
    expect(last(events).event).toBe('jobfinished');
  });

  it('ragged rows: kept with gaps, and counted', async () => {
    const { rows, events } = await replay('ragged');
    expect(rows).toEqual([
      [t(0), 1, null],
      [t(1), 2, 'y'],
      [t(2), 3, 'z'],
    ]);
    expect(last(events).event).toBe('jobfinished');
    expect(daemon.hub.get('ragged')!.sourceCounters().raggedRows).toBe(2);
  });

  it('invalid UTF-8: replaced, never fatal', async () => {
    const { rows, events } = await replay('utf8');
    expect(rows).toEqual([
      [t(0), 1, '\uFFFD\uFFFD\uFFFD'],
      [t(1), 2, 'y'],
    ]);
    expect(last(events).event).toBe('jobfinished');
  });

  it('an unterminated quote at the end: the good rows, then finished with that record counted as skipped', async () => {
    const { rows, events } = await replay('unclosed');
    expect(rows).toEqual([[t(0), 1, 'x']]);
    expect(last(events).event).toBe('jobfinished');
    expect(JSON.parse(last(events).data)).toMatchObject({ rows: 1, skipped: 1 });
    expect(daemon.hub.get('unclosed')!.sourceCounters().unterminated).toBe(1);
  });

  it('a 50 MB line: skipped and counted, the rows on both sides delivered, memory stays bounded, other streams unaffected', async () => {
    const healthy = await connectSse(`${daemon.url}/api/streams/healthy/events`);
    await healthy.until((events) => events.some((e) => e.event === 'update'));
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const { rows, events } = await replay('huge');
    clearInterval(sampler);
    expect(rows).toEqual([
      [t(0), 1, 'x'],
      [t(1), 2, 'y'],
      [t(3), 4, 'w'],
    ]);
    expect(last(events).event).toBe('jobfinished');
    expect(JSON.parse(last(events).data)).toMatchObject({ rows: 3, skipped: 1 });
    expect(daemon.hub.get('huge')!.sourceCounters().oversized).toBe(1);
    expect((rssPeak - rssBefore) / 2 ** 20).toBeLessThan(40); // 1 MiB record limit, not 50 MB

    const before = healthy.events.length;
    await healthy.until((events) => events.length > before + 10);
    healthy.close();
    expect(healthy.events.map((e) => e.event)).not.toContain('sourceerror');
    expect(daemon.hub.get('healthy')!.state).toBe('running');
  });
});
