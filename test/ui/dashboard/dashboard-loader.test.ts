import { describe, expect, it } from 'vitest';
import type { DashboardInfo } from '../../../src/protocol/dashboards.js';
import { loadDashboard } from '../../../src/ui/dashboard/dashboard-loader.js';

const PAGE = 'http://page.example/dashboards/plant';
const plant: DashboardInfo = {
  id: 'plant',
  title: 'Plant',
  columns: 12,
  rowHeight: 80,
  panels: [{ type: 'state', stream: 's', w: 3, h: 2 }],
};

/** A fetch that answers `status` with `body`, and records the URLs asked for. */
function answering(status: number, body: unknown) {
  const urls: string[] = [];
  const fetchImpl = (async (url: string) => {
    urls.push(url);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return { urls, fetchImpl };
}

describe('loadDashboard', () => {
  it('fetches /api/dashboards/:id of the daemon, with the token, and gives the definition', async () => {
    const { urls, fetchImpl } = answering(200, plant);
    const answer = await loadDashboard({ server: 'http://rtg.example:5001/prefix', token: 't 1' }, 'plant one', PAGE, fetchImpl);
    expect(answer).toEqual({ ok: true, dashboard: plant });
    expect(urls).toEqual(['http://rtg.example:5001/prefix/api/dashboards/plant%20one?access_token=t+1']);
  });

  it('says which dashboard the server does not have', async () => {
    const { fetchImpl } = answering(404, { error: { status: 404, message: 'no such dashboard' } });
    expect(await loadDashboard({ server: '', token: '' }, 'nope', PAGE, fetchImpl)).toEqual({
      ok: false,
      message: 'no dashboard "nope" on the server',
    });
  });

  it('says the token was refused', async () => {
    for (const status of [401, 403]) {
      const { fetchImpl } = answering(status, '');
      expect(await loadDashboard({ server: '', token: 'bad' }, 'plant', PAGE, fetchImpl)).toEqual({
        ok: false,
        message: `the server refused the dashboard (${status}): it needs a valid \`token\``,
      });
    }
  });

  it('says where the daemon could not be reached', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await loadDashboard({ server: 'http://127.0.0.1:9', token: '' }, 'plant', PAGE, fetchImpl)).toEqual({
      ok: false,
      message: "cannot reach the daemon at http://127.0.0.1:9 (is it running, and does it allow this page's origin?)",
    });
    expect(await loadDashboard({ server: '', token: '' }, 'plant', PAGE, fetchImpl)).toMatchObject({
      message: "cannot reach the daemon at http://page.example (is it running, and does it allow this page's origin?)",
    });
  });

  it('says so for another error status or an answer that is not a dashboard', async () => {
    expect(await loadDashboard({ server: '', token: '' }, 'plant', PAGE, answering(500, '').fetchImpl)).toEqual({
      ok: false,
      message: 'cannot load the dashboard: the server answered 500',
    });
    for (const body of ['<html>', { title: 'x' }, 'null']) {
      expect(await loadDashboard({ server: '', token: '' }, 'plant', PAGE, answering(200, body).fetchImpl)).toEqual({
        ok: false,
        message: 'cannot load the dashboard: the answer is not a dashboard',
      });
    }
  });
});
