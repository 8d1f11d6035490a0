import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startDaemon } from '../../src/main.js';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';
import { browserSuite } from './element-suite.js';

const stream = (id: string, title: string) => ({
  id,
  title,
  source: { type: 'csv', file: 'p.csv', rate: 10, loop: true },
  columns: ['timestamp', 'sensor_04'],
});

describeIfAvailable('the picker after a config reload, in headless Chromium', browserMissing, () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  // A daemon on a config directory of its own, which the tests change.
  const suite = browserSuite(async () => {
    dir = await tempDir();
    await dir.write('data/p.csv', pumpCsv(50));
    await dir.write('config/00-server.yaml', stringify({ server: { port: 0, dataDir: '../data' } }));
    await dir.write('config/a.yaml', stringify({ streams: [stream('a', 'Stream A')] }));
    const daemon = await startDaemon({ config: [dir.path('config')], logger: pino({ level: 'silent' }) });
    return {
      ...daemon,
      async stop() {
        await daemon.close();
        await dir.remove();
      },
    };
  });

  const titles = (page: Page) => page.locator('realtime-graph select option').allTextContents();

  async function open(): Promise<Page> {
    const page = await suite.visit(`${suite.daemon.url}/`, { viewport: { width: 1280, height: 720 } });
    await expect.poll(() => titles(page)).toContain('Stream A');
    return page;
  }

  it('shows streams added and removed while the page was streaming (event: streams)', async () => {
    const page = await open();
    await page.locator('realtime-graph select').selectOption('a');
    await page.locator('realtime-graph button', { hasText: 'Start' }).click();
    await expect.poll(() => page.locator('realtime-graph [part~=status]').textContent()).toMatch(/live/);
    await dir.write('config/b.yaml', stringify({ streams: [stream('b', 'Stream B')] }));
    await expect.poll(() => titles(page), { timeout: 10_000 }).toEqual(['Choose…', 'Stream A', 'Stream B']);
    await rm(dir.path('config/b.yaml'));
    await expect.poll(() => titles(page), { timeout: 10_000 }).toEqual(['Choose…', 'Stream A']);
    expect(await page.locator('realtime-graph [part~=status]').textContent()).toMatch(/live/); // stream A went on
  });

  it('fetches the list again when the picker of an idle page gets the focus', async () => {
    const page = await open();
    await dir.write('config/c.yaml', stringify({ streams: [stream('c', 'Stream C')] }));
    await expect.poll(async () => (await suite.daemon.reload()).ok).toBe(true);
    expect(await titles(page)).toEqual(['Choose…', 'Stream A']); // nothing told this page yet
    await page.locator('realtime-graph select').focus();
    await expect.poll(() => titles(page)).toEqual(['Choose…', 'Stream A', 'Stream C']);
  });
});
