import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { spawnDaemon } from '../helpers/cli.js';
import { connectSse, httpGet, type SseConnection } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(1000));
  await dir.write(
    'config.yaml',
    stringify({
      server: { dataDir: 'data', retryMs: 1000, drainDelayMs: 800, shutdownTimeoutMs: 10_000 },
      streams: [
        { id: 's', source: { type: 'csv', file: 'p.csv', rate: 50, loop: true }, columns: ['timestamp', 'sensor_04'] },
        { id: 'k', source: { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't' }, columns: ['timestamp', 'v'], autostart: true },
      ],
    }),
  );
});
afterAll(() => dir.remove());

describe('SIGTERM', () => {
  it('drains: /readyz turns 503, new viewers are refused, connected viewers get a jittered retry and a last event, exit 0', async () => {
    const daemon = await spawnDaemon(['--config', dir.path('config.yaml')]);
    const viewers: SseConnection[] = [];
    for (let i = 0; i < 20; i++) viewers.push(await connectSse(`${daemon.url}/api/streams/${i % 4 === 0 ? 'k' : 's'}/events`));
    for (const v of viewers) await v.until((events) => events.length > 0);

    const signalledAt = Date.now();
    daemon.child.kill('SIGTERM');
    // during the drain delay
    await expect.poll(async () => (await httpGet(`${daemon.url}/readyz`)).status, { timeout: 700, interval: 50 }).toBe(503);
    expect(JSON.parse((await httpGet(`${daemon.url}/readyz`)).body).status).toBe('draining');
    const late = await httpGet(`${daemon.url}/api/streams/s/events`);
    expect(late.status).toBe(503);
    expect(late.headers['retry-after']).toBeDefined();

    const { code, signal } = await daemon.exited;
    const took = Date.now() - signalledAt;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(took).toBeLessThan(10_000);

    const retries = new Set<string>();
    for (const v of viewers) {
      await v.ended;
      const raw = v.raw();
      // the response ends with a whole event: retry, then end {shutdown}; nothing half-written
      const tail = /retry: (\d+)\n\nid: [^\n]+\nevent: end\ndata: \{"reason":"shutdown"\}\n\n$/.exec(raw);
      expect(tail, raw.slice(-200)).not.toBeNull();
      retries.add(tail![1]!);
      const retry = Number(tail![1]);
      expect(retry).toBeGreaterThanOrEqual(1000);
      expect(retry).toBeLessThanOrEqual(2000);
    }
    expect(retries.size).toBeGreaterThan(1); // spread out, not all at once
    expect(daemon.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'draining', 'realtime-graph stopped']));
  });

  it('exits at once on a second signal', async () => {
    await dir.write('slow.yaml', stringify({ server: { dataDir: 'data', drainDelayMs: 60_000 }, streams: [] }));
    const daemon = await spawnDaemon(['--config', dir.path('slow.yaml')]);
    daemon.child.kill('SIGTERM');
    await expect.poll(() => daemon.logs.some((l) => l.msg === 'draining'), { timeout: 5000 }).toBe(true);
    const second = Date.now();
    daemon.child.kill('SIGINT');
    const { code } = await daemon.exited;
    expect(code).not.toBe(0);
    expect(Date.now() - second).toBeLessThan(2000);
  });
});

describe('a Kafka stream', () => {
  it('runs its consumer in the thread built beside the command (dist/kafka-worker.js)', async () => {
    await dir.write(
      'kafka.yaml',
      stringify({
        server: { dataDir: 'data' },
        streams: [
          {
            id: 'k',
            source: { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't', connectionTimeoutMs: 200 },
            columns: ['timestamp', 'v'],
          },
        ],
      }),
    );
    const daemon = await spawnDaemon(['--config', dir.path('kafka.yaml')]);
    const viewer = await connectSse(`${daemon.url}/api/streams/k/events`);
    try {
      // Only the consumer thread tries the broker, and tells that it cannot reach it.
      await viewer.until((events) => events.some((e) => e.event === 'status' && JSON.parse(e.data).state === 'reconnecting'), 20_000);
      expect(daemon.logs.filter((l) => l.msg === 'kafka consumer thread failed')).toEqual([]);
    } finally {
      viewer.close();
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  });
});
