import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { pumpCsv } from '../helpers/temp.js';

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [{ id: 's', source: { type: 'csv', file: 'p.csv', rate: 10 }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'p.csv': pumpCsv(50) },
  });
});
afterAll(() => daemon?.stop());

describe('Accept-Encoding on the event stream', () => {
  it.each(['gzip, br', 'br', 'gzip, deflate, br, zstd', '*'])(
    '%s: never compressed, and the first event arrives at once',
    async (encoding) => {
      const started = Date.now();
      const { headers, firstEventAfter } = await new Promise<{ headers: Record<string, unknown>; firstEventAfter: number }>(
        (resolve, reject) => {
          const req = request(`${daemon.url}/api/streams/s/events`, { headers: { 'Accept-Encoding': encoding } }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
              if (text.includes('event: update')) {
                resolve({ headers: res.headers, firstEventAfter: Date.now() - started });
                req.destroy();
              }
            });
          });
          req.on('error', reject);
          req.end();
        },
      );
      expect(headers['content-encoding']).toBeUndefined();
      expect(headers['content-type']).toBe('text/event-stream');
      expect(firstEventAfter).toBeLessThan(2000);
    },
  );

  it('while static files are served compressed to clients that accept it', async () => {
    const encoding = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${daemon.url}/realtime-graph.js`, { headers: { 'Accept-Encoding': 'gzip, br' } }, (res) => {
        res.resume();
        resolve(res.headers['content-encoding']);
      });
      req.on('error', reject);
      req.end();
    });
    expect(encoding).toBe('br');
  });
});
