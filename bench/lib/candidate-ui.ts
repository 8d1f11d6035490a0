// For diagnosis: $RTG_BENCH_UI_DIR names another build of the browser bundle (realtime-graph.js
// and chunks/), e.g. a candidate change compiled outside src/, served to a benchmark page instead
// of the daemon's.
import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';

export async function routeCandidateUi(page: Page, origin: string): Promise<void> {
  const dir = process.env.RTG_BENCH_UI_DIR;
  if (!dir) return;
  const serve = (route: Route) => {
    const file = new URL(route.request().url()).pathname.slice(1);
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${dir}/${file}`) });
  };
  await page.route(`${origin}/realtime-graph.js`, serve);
  await page.route(`${origin}/chunks/**`, serve);
}
