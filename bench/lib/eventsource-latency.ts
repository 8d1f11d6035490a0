// Latency to a real browser: a headless Chromium page opens an EventSource on a daemon's stream,
// waits until the stream's source is live, and records receive − send for every row whose
// `timestamp` is its send time, while `produce` sends rows. The first `warmUpRows` received are
// left out, as the references leave out theirs (counted, not timed: a producer in a child
// process starts sending a variable while after it is spawned).
import { launchChromium } from './browser.js';

export async function eventSourceLatencies(
  daemonUrl: string,
  streamId: string,
  warmUpRows: number,
  produce: () => Promise<unknown>,
): Promise<number[]> {
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    await page.goto(`${daemonUrl}/healthz`);
    // A string, not a function: the benchmark runs under tsx, whose helpers would not exist in the page.
    await page.evaluate(`new Promise((resolve) => {
      window.latencies = [];
      const source = new EventSource(${JSON.stringify(`/api/streams/${streamId}/events`)});
      const record = (times) => {
        const now = Date.now();
        for (const t of times) {
          window.latencies.push(now - Date.parse(t));
        }
      };
      source.addEventListener('update', (e) => record([JSON.parse(e.data).timestamp]));
      source.addEventListener('batch', (e) => record(JSON.parse(e.data).t));
      source.addEventListener('status', (e) => { if (JSON.parse(e.data).state === 'live') resolve(); });
      source.addEventListener('meta', (e) => { if (JSON.parse(e.data).status === 'live') resolve(); });
    })`);
    await produce();
    // Rows sent last are still on their way.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return ((await page.evaluate('window.latencies')) as number[]).slice(warmUpRows);
  } finally {
    await chromium.close();
  }
}
