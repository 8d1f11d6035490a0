// Child script of the Kafka benchmark: one SSE client that counts the rows of `update` and `batch`
// events until `count`, and reports the time from its request to that row. Args: { url, count }.
import { request } from 'node:http';

const { url, count } = JSON.parse(process.argv[2] ?? '{}') as { url: string; count: number };
const started = performance.now();
let rows = 0;
let pending = '';
const req = request(url, (res) => {
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\n\n')) !== -1) {
      const frame = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (frame.includes('\nevent: update\n')) rows++;
      else if (frame.includes('\nevent: batch\n')) rows += (JSON.parse(frame.slice(frame.indexOf('\ndata: ') + 7)) as { t: unknown[] }).t.length;
    }
    if (rows >= count) {
      process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, rows })}\n`);
      req.destroy();
    }
  });
});
req.on('error', () => undefined);
req.end();
