import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { crashLogs, spawnDaemon } from '../helpers/cli.js';
import { connectSse, type SseConnection } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const CLIENTS = 300;
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(2000));
  const stream = (id: string, rate: number) => ({
    id,
    source: { type: 'csv', file: 'p.csv', rate, loop: true },
    columns: ['timestamp', 'sensor_04'],
  });
  // a fast batched stream and a slow one, so events are in flight when the signal arrives
  await dir.write(
    'config.yaml',
    stringify({ server: { dataDir: 'data', shutdownTimeoutMs: 10_000 }, streams: [stream('fast', 2000), stream('slow', 10)] }),
  );
});
afterAll(() => dir.remove());

describe(`SIGTERM with ${CLIENTS} connected viewers`, () => {
  it('exits 0 before the deadline; every viewer gets a final event and no half-written one', async () => {
    const daemon = await spawnDaemon(['--config', dir.path('config.yaml')]);
    const viewers: SseConnection[] = [];
    for (let i = 0; i < CLIENTS; i += 50) {
      viewers.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, j) => connectSse(`${daemon.url}/api/streams/${(i + j) % 2 ? 'fast' : 'slow'}/events`)),
        )),
      );
    }
    await Promise.all(viewers.map((v) => v.until((events) => events.some((e) => e.event === 'meta'))));

    const signalled = Date.now();
    daemon.child.kill('SIGTERM');
    const { code } = await daemon.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);

    await Promise.all(viewers.map((v) => v.ended));
    for (const v of viewers) {
      const raw = v.raw();
      // ends with one complete event: the final `end`, preceded by its retry; everything before it
      // is whole events too (the text splits cleanly on blank lines)
      expect(raw, raw.slice(-120)).toMatch(/retry: \d+\n\nid: [^\n]+\nevent: end\ndata: \{"reason":"shutdown"\}\n\n$/);
      for (const block of raw.slice(0, -2).split('\n\n'))
        expect(block, block).toMatch(/^(retry: \d+|: heartbeat|id: [^\n]+\nevent: \w+\ndata: [^\n]*)$/);
    }
    expect(crashLogs(daemon.logs)).toEqual([]);
  });
});
