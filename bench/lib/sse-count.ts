// Child script of the Kafka benchmark: one SSE client that counts the rows of `update` and `batch`
// events until `count`, and reports the time from its request to that row. Args: { url, count }.
// It counts a batch's rows from the commas of its `t` array (times hold no commas or brackets)
// rather than parsing the JSON, so that on a 2-core machine it takes as little CPU as it can from
// the daemon and the broker it measures.
import { request } from 'node:http';

const { url, count } = JSON.parse(process.argv[2] ?? '{}') as { url: string; count: number };
const started = performance.now();
let rows = 0;
let pending = '';
const req = request(url, (res) => {
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
      const frame = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (frame.includes('\nevent: update\n')) rows++;
      else if (frame.includes('\nevent: batch\n')) rows += batchRows(frame);
    }
    if (rows >= count) {
      process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, rows })}\n`);
      req.destroy();
    }
  });
});
req.on('error', () => undefined);
req.end();

function batchRows(frame: string): number {
  const start = frame.indexOf('"t":[') + 5;
  const end = frame.indexOf(']', start);
  if (end === start) return 0;
  let rows = 1;
  for (let i = frame.indexOf(',', start); i !== -1 && i < end; i = frame.indexOf(',', i + 1)) rows++;
  return rows;
}
