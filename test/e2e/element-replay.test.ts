import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

// Replay control in the element: viewers see the state in the badge; an operator page
// (controls="replay" with the operator token) drives the replay for everyone.
const OPERATOR = 'element-operator-token-0123';
const ROWS = 5000;
/** Polls wait this long: on a loaded machine a round trip through the daemon and the page can take seconds. */
const SLOW = { timeout: 10_000 };

describeIfAvailable('<realtime-graph> and replay control', browserMissing, () => {
  const suite = elementSuite(() => ({
    server: { auth: { operatorToken: OPERATOR } },
    streams: [
      { id: 'watched', source: { type: 'csv', file: 'p.csv', rate: 20 }, columns: ['timestamp', 'sensor_04'] },
      { id: 'operated', source: { type: 'csv', file: 'p.csv', rate: 20 }, columns: ['timestamp', 'sensor_04'] },
    ],
    files: { 'p.csv': pumpCsv(ROWS, ['sensor_04']) },
  }));

  async function command(stream: string, body: unknown): Promise<number> {
    const res = await fetch(`${suite.daemon.url}/api/streams/${stream}/replay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OPERATOR}` },
      body: JSON.stringify(body),
    });
    return res.status;
  }
  const getReplay = (stream: string) =>
    fetch(`${suite.daemon.url}/api/streams/${stream}/replay`, { headers: { Authorization: `Bearer ${OPERATOR}` } });
  async function state(stream: string): Promise<Record<string, any>> {
    return (await (await getReplay(stream)).json()) as Record<string, any>;
  }
  const replayStatus = async (stream: string) => (await getReplay(stream)).status;
  const badge = (page: Page) => page.locator('realtime-graph [role=status]').textContent();

  it('a viewer sees the replay paused and its speed in the badge, and has no controls', async () => {
    const page = await suite.open('<realtime-graph stream="watched" autostart></realtime-graph>');
    await expect.poll(() => badge(page), SLOW).toBe('live');
    // The badge can say live before the daemon's run has its replay (CI saw 409 under load 8):
    // wait until the daemon answers for it. A command given before the run opens its file waits for it.
    await expect.poll(() => replayStatus('watched'), SLOW).toBe(200);
    expect(await command('watched', { action: 'pause', speed: 10 })).toBe(200);
    await expect.poll(() => badge(page), SLOW).toBe('live · replay paused ×10');
    expect(await command('watched', { action: 'resume' })).toBe(200);
    await expect.poll(() => badge(page), SLOW).toBe('live · ×10');
    expect(await command('watched', { speed: 1 })).toBe(200);
    await expect.poll(() => badge(page), SLOW).toBe('live');
    expect(await page.locator('realtime-graph [part~="seek-bar"]').count()).toBe(0);
    expect(await page.locator('realtime-graph [part~="progress"]').count()).toBe(1); // the viewer's progress bar
  });

  it('an operator page pauses, sets the speed and seeks for everyone; the chart jumps to the new position', async () => {
    const page = await suite.open(
      `<realtime-graph stream="operated" autostart controls="replay" operator-token="${OPERATOR}"></realtime-graph>`,
    );
    const pauseButton = page.locator('realtime-graph [part~="replay-pause-button"]');
    await pauseButton.waitFor();
    expect(await page.locator('realtime-graph [part~="progress"]').count()).toBe(0); // the seek bar takes its place

    await pauseButton.click();
    await expect.poll(async () => (await state('operated')).state, SLOW).toBe('paused');
    await expect.poll(() => pauseButton.textContent().then((t) => t?.trim()), SLOW).toBe('Resume replay');
    await expect.poll(() => badge(page), SLOW).toBe('live · replay paused');

    await page.locator('realtime-graph [part~="speed-select"]').selectOption('10');
    await expect.poll(async () => (await state('operated')).speed, SLOW).toBe(10);

    // Dragging shows the data time under the thumb and sends nothing; letting go seeks there.
    await expect.poll(async () => (await state('operated')).range.rows, { timeout: 15_000 }).toBe(ROWS); // the operator page's first request started the index
    const seekBar = page.locator('realtime-graph [part~="seek-bar"]');
    await expect.poll(() => seekBar.getAttribute('max'), SLOW).toBe(String(ROWS - 1));
    await seekBar.evaluate((input: HTMLInputElement) => {
      input.value = '3000';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => page.locator('realtime-graph [part~="seek-time"]').textContent(), SLOW).toBe('2024-01-03 02:00:00');
    expect((await state('operated')).segment).toBe(0);
    await seekBar.evaluate((input: HTMLInputElement) => input.dispatchEvent(new Event('change', { bubbles: true })));
    await expect.poll(async () => (await state('operated')).segment, SLOW).toBe(1);

    // Paused, the replay shows the row it landed on, and the window holds only that row.
    const csv = () => page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv());
    await expect.poll(async () => (await csv()).split(/\r?\n/).filter(Boolean).slice(1), SLOW).toEqual(['2024-01-03T02:00:00.000Z,0']); // pumpCsv: (3000 × 7 % 100) / 100
    expect(await seekBar.inputValue()).toBe('3000');
  });
});
