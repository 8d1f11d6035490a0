import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse } from '../helpers/sse-client.js';
import { dataCount } from '../helpers/sse-events.js';
import { pumpCsv } from '../helpers/temp.js';

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [{ id: 's', source: { type: 'csv', file: 'p.csv', rate: 40, loop: true }, columns: ['timestamp', 'sensor_04'], history: 5 }],
    files: { 'p.csv': pumpCsv(200) },
  });
});
afterAll(() => daemon?.stop());

describe('hostile Last-Event-ID', () => {
  it.each([
    ['garbage', 'not-an-id'],
    ['binary-looking', '\u00ff\u00fe\u0080\t'],
    ['huge (10 KB)', 'x'.repeat(10_000)],
    ['a huge number', `0123abcd.${'9'.repeat(400)}`],
    ['from another run', '0badc0de.5'],
    ['a cursor on a stream without positions', '0:41,1:17'],
    ['from the future of this run', 'FUTURE'],
  ])('%s → 200, reset, then the recent rows', async (_what, id) => {
    let lastEventId = id;
    if (id === 'FUTURE') {
      const probe = await connectSse(`${daemon.url}/api/streams/s/events`);
      await probe.until((events) => dataCount(events) >= 1);
      probe.close();
      lastEventId = `${probe.events.at(-1)!.id.split('.')[0]}.999999999`;
    }
    for (const how of ['header', 'query'] as const) {
      const url =
        how === 'query'
          ? `${daemon.url}/api/streams/s/events?lastEventId=${encodeURIComponent(lastEventId.slice(0, 256))}`
          : `${daemon.url}/api/streams/s/events`;
      const sse = await connectSse(url, how === 'header' ? { 'Last-Event-ID': lastEventId } : {});
      expect(sse.status).toBe(200);
      await sse.until((events) => dataCount(events) >= 3);
      sse.close();
      expect(sse.events[0]!.event, how).toBe('reset');
      expect(JSON.parse(sse.events[0]!.data).reason).toMatch(/not one of ours|restarted|no longer kept/);
      expect(sse.events[1]!.event).toBe('meta');
    }
  });
});
