import { describe, expect } from 'vitest';
import type { TestDaemon } from '../helpers/daemon.js';
import { withDaemon } from '../helpers/fixtures.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { pumpCsv } from '../helpers/temp.js';

const it = withDaemon({
  server: { maxViewersPerStream: 1 },
  streams: [{ id: 'm', source: { type: 'csv', file: 'p.csv', rate: 40 }, columns: ['timestamp', 'sensor_04'] }],
  files: { 'p.csv': pumpCsv(20) },
});

async function scrape(daemon: TestDaemon): Promise<Map<string, number>> {
  const res = await httpGet(`${daemon.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

describe('GET /metrics', () => {
  it('counts viewers, events, rows and bytes as rows flow', async ({ daemon }) => {
    const before = await scrape(daemon);
    expect(before.get('rtg_viewers{stream="m"}')).toBe(0);
    expect(before.get('rtg_rows_read_total{stream="m"}')).toBe(0);
    expect(before.has('nodejs_eventloop_lag_seconds')).toBe(true);

    const viewer = await connectSse(`${daemon.url}/api/streams/m/events`);
    await viewer.until((events) => events.filter((e) => e.event === 'update').length >= 5);
    const during = await scrape(daemon);
    expect(during.get('rtg_viewers{stream="m"}')).toBe(1);
    expect(during.get('rtg_stream_running{stream="m"}')).toBe(1);

    const refused = await httpGet(`${daemon.url}/api/streams/m/events`); // over maxViewersPerStream
    expect(refused.status).toBe(503);
    await viewer.ended;

    const after = await scrape(daemon);
    expect(after.get('rtg_rows_read_total{stream="m"}')).toBe(20);
    expect(after.get('rtg_rows_sent_total{stream="m"}')).toBe(20);
    expect(after.get('rtg_events_total{stream="m"}')).toBeGreaterThan(20);
    expect(after.get('rtg_bytes_sent_total{stream="m"}')).toBeGreaterThan(20 * 50);
    expect(after.get('rtg_connections_refused_total{reason="stream-full"}')).toBe(1);
    expect(after.get('rtg_viewers{stream="m"}')).toBe(0);
  });
});
