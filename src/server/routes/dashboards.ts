import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Router from '@koa/router';
import { type DashboardConfig, dashboardInfo } from '../../config/dashboards.js';
import { HttpError } from '../http-error.js';

/**
 * `/api/dashboards`: the dashboards' definitions (data: behind the token when one is set), and
 * `/dashboards/:id`: the page that shows one (open, like `/`; its element reads the definition).
 */
export function dashboardRoutes(dashboards: () => readonly DashboardConfig[], publicDir: string): Router {
  const router = new Router();
  const find = (id: string | undefined) => {
    const dashboard = dashboards().find((d) => d.id === id);
    if (!dashboard) throw new HttpError(404, 'no such dashboard');
    return dashboard;
  };

  router.get('/api/dashboards', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { dashboards: dashboards().map(dashboardInfo) };
  });

  router.get('/api/dashboards/:id', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = dashboardInfo(find(ctx.params.id));
  });

  router.get('/dashboards/:id', async (ctx) => {
    find(ctx.params.id);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'html';
    ctx.body = await readFile(join(publicDir, 'dashboard.html'), 'utf8');
  });

  return router;
}
