import type { DashboardInfo } from '../../protocol/dashboards.js';
import { daemonUrl, type DaemonAddress } from '../daemon-url.js';

/** A dashboard's definition, or why it cannot be shown (a message for the page, never a stack trace). */
export type DashboardAnswer = { ok: true; dashboard: DashboardInfo } | { ok: false; message: string };

/** `GET /api/dashboards/:id` of the daemon at `address` (cross-origin when `server` is another origin). */
export async function loadDashboard(
  address: DaemonAddress,
  id: string,
  pageHref: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Promise<DashboardAnswer> {
  const url = daemonUrl(address, `/api/dashboards/${encodeURIComponent(id)}`, pageHref);
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-store' });
  } catch {
    const where = address.server || new URL(pageHref).origin;
    return { ok: false, message: `cannot reach the daemon at ${where} (is it running, and does it allow this page's origin?)` };
  }
  if (response.status === 404) return { ok: false, message: `no dashboard "${id}" on the server` };
  if (response.status === 401 || response.status === 403)
    return { ok: false, message: `the server refused the dashboard (${response.status}): it needs a valid \`token\`` };
  if (!response.ok) return { ok: false, message: `cannot load the dashboard: the server answered ${response.status}` };
  try {
    const dashboard = (await response.json()) as DashboardInfo;
    if (typeof dashboard?.title !== 'string' || !Array.isArray(dashboard.panels)) throw new Error('not a dashboard');
    return { ok: true, dashboard };
  } catch {
    return { ok: false, message: 'cannot load the dashboard: the answer is not a dashboard' };
  }
}
