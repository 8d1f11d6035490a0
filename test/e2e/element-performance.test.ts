import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const RATE = 1000;
const WINDOW = 10_000;
const MEASURE_MS = 5000;

describeIfAvailable('<realtime-graph> at 1,000 rows/s with a 10,000-point window', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [
      {
        id: 'fast',
        history: 0,
        source: { type: 'csv', file: 'p.csv', rate: RATE, loop: true },
        columns: ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'],
      },
    ],
    files: { 'p.csv': pumpCsv(60_000) },
  }));

  it('keeps every row in its window, draws a decimated view, and keeps the page animating', { timeout: 90_000 }, async () => {
    const page = await suite.open(`<realtime-graph stream="fast" window="${WINDOW}" show-picker="false" autostart></realtime-graph>`, {
      viewport: { width: 1200, height: 640 },
    });
    const windowRows = () => page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv().trimEnd().split('\r\n').length - 1);
    await expect.poll(windowRows, { timeout: 30_000, interval: 500 }).toBe(WINDOW);

    const figures = await page.evaluate(async (ms) => {
      const frames: number[] = [];
      let arrived = 0;
      let drawn = 0;
      let updates = 0;
      // Lag from a row's arrival (rg-data) to its drawing (rg-render), first in, first drawn.
      const waiting: { at: number; rows: number }[] = [];
      const lags: number[] = [];
      const onData = (e: Event) => {
        const rows = (e as CustomEvent<{ t: unknown[] }>).detail.t.length;
        arrived += rows;
        waiting.push({ at: performance.now(), rows });
      };
      const onRender = (e: Event) => {
        const now = performance.now();
        let points = (e as CustomEvent<{ points: number }>).detail.points;
        drawn += points;
        updates++;
        while (points > 0 && waiting.length > 0) {
          const first = waiting[0]!;
          const take = Math.min(points, first.rows);
          for (let i = 0; i < take; i++) lags.push(now - first.at);
          first.rows -= take;
          points -= take;
          if (first.rows === 0) waiting.shift();
        }
      };
      document.addEventListener('rg-data', onData);
      document.addEventListener('rg-render', onRender);
      await new Promise<void>((done) => {
        const started = performance.now();
        const frame = (t: number) => {
          frames.push(t);
          if (t - started < ms) requestAnimationFrame(frame);
          else done();
        };
        requestAnimationFrame(frame);
      });
      document.removeEventListener('rg-data', onData);
      document.removeEventListener('rg-render', onRender);
      const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
      const fps = intervals.map((d) => 1000 / d).sort((a, b) => a - b);
      const seconds = (frames.at(-1)! - frames[0]!) / 1000;
      lags.sort((a, b) => a - b);
      const host = document.querySelector('realtime-graph')!;
      const plot = host.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & { data: { x: unknown[] }[] };
      return {
        fpsMean: intervals.length / seconds,
        fpsMedian: fps[Math.floor(fps.length / 2)]!,
        fpsP5: fps[Math.floor(fps.length * 0.05)]!,
        lagP50: lags[Math.floor(lags.length / 2)] ?? Number.NaN,
        lagP99: lags[Math.floor(lags.length * 0.99)] ?? Number.NaN,
        longestFrameMs: Math.max(...intervals),
        rowsPerSecond: arrived / seconds,
        drawnPerSecond: drawn / seconds,
        updatesPerSecond: updates / seconds,
        frames: frames.length,
        updates,
        pointsPerTrace: plot.data.map((t) => t.x.length),
      };
    }, MEASURE_MS);
    const f = (n: number) => n.toFixed(1);
    process.stdout.write(
      `\n  1,000 rows/s, 10,000-point window × 3 series: ${f(figures.fpsMean)} fps mean, median ${f(figures.fpsMedian)}, p5 ${f(figures.fpsP5)}, ` +
        `longest frame ${f(figures.longestFrameMs)} ms; lag p50 ${f(figures.lagP50)} ms, p99 ${f(figures.lagP99)} ms; ` +
        `${f(figures.updatesPerSecond)} chart updates/s of ${figures.pointsPerTrace.join(', ')} points; ` +
        `${Math.round(figures.rowsPerSecond)} rows/s arrived, ${Math.round(figures.drawnPerSecond)} drawn\n`,
    );
    // The window keeps every row (CSV export reads it); the chart draws a decimated view of it:
    // at most 4 points per pixel column (the plot is under 1,200 px wide here).
    expect(await windowRows()).toBe(WINDOW);
    for (const points of figures.pointsPerTrace) expect(points).toBeLessThan(4 * 1200);
    expect(figures.rowsPerSecond).toBeGreaterThan(RATE * 0.8);
    // Everything that arrives is drawn (a frame's worth may still wait at the end).
    expect(figures.drawnPerSecond).toBeGreaterThan(figures.rowsPerSecond * 0.85);
    expect(figures.updatesPerSecond).toBeGreaterThan(1);
    // At most one chart update per animation frame, and the page keeps animating: a render that
    // blocks the main thread, or one update per message, fails here. How fast it animates is the
    // benchmark's job (browser-rendering: p5 ≥ 30 fps and lag p99 < 100 ms, against a reference
    // in the same run); fps bounds here failed on a loaded 2-core CI machine (16–18 fps mean with
    // another browser test alongside, 21–24 alone), so these only catch a page that stalls.
    expect(figures.updates).toBeLessThanOrEqual(figures.frames);
    expect(figures.fpsMedian).toBeGreaterThan(10);
    expect(figures.lagP50).toBeLessThan(1000);
  });
});
