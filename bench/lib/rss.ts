// The resident memory of a server under test, read so that one sample's noise does not count.
import { delay, readRss } from './process.js';
import { median } from './stats.js';

/** RSS after a settle period: the median of 5 samples 100 ms apart, in bytes. */
export async function settledRss(pid: number, settleMs = 1000): Promise<number> {
  await delay(settleMs);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(readRss(pid));
    await delay(100);
  }
  return median(samples);
}
