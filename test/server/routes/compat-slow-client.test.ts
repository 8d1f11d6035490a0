import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { stalledClient } from '../../helpers/raw-client.js';
import { connectSse, httpGet } from '../../helpers/sse-client.js';

// Rows with 400 KB cells fill a client's socket in a few rows, so that a client that does not read
// backs up within the replay (16 MB in all: above the shared-file cap, so each replay reads the file).
const ROWS = 40;
const CELL = 'x'.repeat(400 * 1024);
const csv = [
  'timestamp,sensor_04,sensor_18,sensor_34',
  ...Array.from({ length: ROWS }, (_, i) => `2024-01-01 00:${String(i).padStart(2, '0')}:00,${CELL},${i},1`),
].join('\n');

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [{ id: 's', source: { type: 'csv', file: 'wide.csv' }, columns: ['timestamp', 'sensor_18'] }],
    files: { 'wide.csv': csv },
  });
});
afterAll(() => daemon?.stop());

async function metric(name: string): Promise<number> {
  const body = (await httpGet(`${daemon.url}/metrics`)).body;
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]);
}

describe('/runPredict with a client that stops reading', () => {
  it('waits for that client alone: the others get every row meanwhile, and it gets every row once it reads', async () => {
    const url = `${daemon.url}/runPredict?predictCSVFileName=wide.csv`;
    const stalled = await stalledClient(url);
    await expect.poll(() => metric('rtg_runpredict_stalls_total'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    const reader = await connectSse(url);
    await reader.ended;
    expect(reader.events.map((e) => e.event)).toEqual([...Array.from({ length: ROWS }, () => 'update'), 'jobfinished']);
    expect(reader.events.slice(0, ROWS).map((e) => JSON.parse(e.data).sensor_18)).toEqual(
      Array.from({ length: ROWS }, (_, i) => String(i)),
    );
    expect(await metric('rtg_runpredict_viewers')).toBe(1); // the stalled client's replay is still waiting for it

    const received: Buffer[] = [];
    stalled.socket.on('data', (chunk: Buffer) => received.push(chunk));
    stalled.socket.resume();
    await stalled.closed;
    const text = Buffer.concat(received).toString('latin1');
    expect(text.split('event: update\ndata: ').length - 1).toBe(ROWS);
    expect(text).toContain(`"sensor_18": "${ROWS - 1}", "sensor_34": "1"}\n\n`);
    expect(text).toContain('event: jobfinished\ndata: none\n\n');
    await expect.poll(() => metric('rtg_runpredict_viewers')).toBe(0);
  });
});
