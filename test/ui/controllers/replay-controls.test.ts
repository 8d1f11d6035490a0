import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReplayStatus } from '../../../src/protocol/events.js';
import { RANGE_RECHECK_MS, ReplayControls } from '../../../src/ui/controllers/replay-controls.js';

const told = { state: 'playing', speed: 1, position: { row: 0, total: 3000 } } as unknown as ReplayStatus;
const answer = (range: ReplayStatus['range']): ReplayStatus => ({ ...told, range });
const INDEXING = { rows: null, from: null, to: null };
const INDEXED = { rows: 3000, from: '2024-01-01T00:00:00.000Z', to: '2024-01-03T01:59:00.000Z' };

/** Controls on a host that counts its updates, and a daemon that answers from a list. */
function setup(answers: ReplayStatus[]) {
  const asked: string[] = [];
  vi.stubGlobal('location', { href: 'http://page.example.com/' });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    asked.push(`${init.method} ${url}`);
    const body = answers.length > 1 ? answers.shift()! : answers[0]!;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  const host = { addController: () => {}, requestUpdate: vi.fn() };
  const controls = new ReplayControls(host as never, {
    target: () => ({ address: { server: 'http://127.0.0.1:5001', token: '' }, stream: 'pump' }),
    operatorToken: () => 'operator',
    told: () => told,
    onError: () => {},
  });
  return { controls, asked };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ReplayControls', () => {
  it('asks for the range again while the daemon is still indexing the file, and stops once it has it', async () => {
    vi.useFakeTimers();
    const { controls, asked } = setup([answer(INDEXING), answer(INDEXING), answer(INDEXED)]);
    controls.view();
    await vi.waitFor(() => expect(controls.status?.range).toEqual(INDEXING));
    expect(asked).toEqual(['GET http://127.0.0.1:5001/api/streams/pump/replay']);
    await vi.advanceTimersByTimeAsync(RANGE_RECHECK_MS);
    expect(asked.length).toBe(2);
    await vi.advanceTimersByTimeAsync(RANGE_RECHECK_MS);
    expect(asked.length).toBe(3);
    expect(controls.view()!.range).toEqual(INDEXED);
    await vi.advanceTimersByTimeAsync(10 * RANGE_RECHECK_MS);
    expect(asked.length).toBe(3);
  });

  it('stops asking when the element leaves the page', async () => {
    vi.useFakeTimers();
    const { controls, asked } = setup([answer(INDEXING)]);
    controls.view();
    await vi.waitFor(() => expect(controls.status?.range).toEqual(INDEXING));
    controls.hostDisconnected();
    await vi.advanceTimersByTimeAsync(10 * RANGE_RECHECK_MS);
    expect(asked.length).toBe(1);
  });
});
