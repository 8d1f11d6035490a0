// Headless Chromium for the rendering benchmark (Debian's /usr/bin/chromium or $CHROMIUM_PATH).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { stopProcess, track } from './process.js';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/helpers/browser.js';

/** Why the browser benchmark cannot run here, or undefined. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export interface RunningBrowser {
  browser: Browser;
  pid: number;
  /** Closes the browser; kills its process (by PID) if that takes more than 10 s. */
  close(): Promise<void>;
}

/**
 * Launches Chromium as a browser server (so that its process is ours to kill by PID) and connects
 * to it over its local WebSocket endpoint.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const browser = await chromium.connect(server.wsEndpoint());
  const child = track(server.process());
  return {
    browser,
    pid: child.pid!,
    close: async () => {
      await Promise.race([browser.close().then(() => server.close()), new Promise((r) => setTimeout(r, 10_000))]);
      await stopProcess(child, 2000);
    },
  };
}
