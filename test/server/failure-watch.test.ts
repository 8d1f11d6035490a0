import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, httpGet, type SseConnection, type SseEvent } from '../helpers/sse-client.js';

// A pump that breaks at row 10 and stays broken until row 390: x falls from 10 to 1, so the
// rule `low` (x below 5 for 3 points) fires at row 12. The file's maximum (20) is at row 395.
const ROWS = 400;
const time = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
function pumpFile(): string {
  const lines = ['timestamp,x,machine_status'];
  for (let i = 0; i < ROWS; i++) {
    const broken = i >= 10 && i < 390;
    const x = i === 395 ? 20 : broken ? 1 : 10;
    lines.push(`${time(i).slice(0, 19).replace('T', ' ')},${x},${broken ? 'BROKEN' : 'NORMAL'}`);
  }
  return `${lines.join('\n')}\n`;
}

const watch = (rule: Record<string, unknown>) => ({
  id: 'watch',
  source: { type: 'csv', file: 'pump.csv', rate: 20 },
  columns: ['timestamp', 'x', { column: 'machine_status', type: 'text' }],
  stages: [{ type: 'scale', column: 'x' }],
  states: { column: 'machine_status', colors: { BROKEN: '#d62728' }, unshaded: ['NORMAL'] },
  alerts: [{ name: 'low', column: 'x', for: 3, ...rule }],
  history: 5,
  buffer: { events: 16 },
});
const rule = { below: 5, resolve: 8 };

let daemon: TestDaemon;
const opened: SseConnection[] = [];
const open = async (headers: Record<string, string> = {}) => {
  const sse = await connectSse(`${daemon.url}/api/streams/watch/events`, headers);
  opened.push(sse);
  return sse;
};
const marks = (events: SseEvent[]) => events.filter((e) => e.event === 'state' || e.event === 'alert').map((e) => `${e.event} ${e.data}`);
const brokenMark = `state ${JSON.stringify({ value: 'BROKEN', at: time(10) })}`;
const firingMark = `alert ${JSON.stringify({ rule: 'low', state: 'firing', at: time(12), value: 1 })}`;
const updates = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data) as Record<string, unknown>);

beforeAll(async () => {
  // Memory only: a reload restarts the run (with a store it continues: test/durable/reload.test.ts).
  daemon = await startTestDaemon({ server: { store: false }, streams: [watch(rule)], files: { 'pump.csv': pumpFile() } });
});
afterAll(async () => {
  for (const c of opened) c.close();
  await daemon?.stop();
});

describe('a failure-watch stream', () => {
  let first: SseConnection;

  it('sends the state changes and the alert transition as events, in order with the rows, scaled by the whole file', async () => {
    first = await open();
    // 20 events past the alert: the ring of 16 events no longer holds the state change or the alert
    await first.until((events) => updates(events).length >= 33, 10_000);
    expect(marks(first.events)).toEqual([`state ${JSON.stringify({ value: 'NORMAL', at: time(0) })}`, brokenMark, firingMark]);
    const names = first.events.map((e) => e.event);
    // the state change comes before the row that made it, and the alert before its row too
    expect(names.indexOf('state', names.indexOf('state') + 1)).toBe(names.indexOf('update') + 10);
    // learned from a pre-scan of the whole file: min 1, max 20 (at row 395, not yet read)
    expect(
      updates(first.events)
        .slice(0, 2)
        .map((r) => r.x_scaled),
    ).toEqual([0.473684, 0.473684]); // 9 / 19, to 6 significant digits
    expect(updates(first.events)[10]).toEqual({ timestamp: time(10), x: 1, machine_status: 'BROKEN', x_scaled: 0 });
  });

  it('a viewer joining mid-failure gets the band from its start and the firing alert, though the event log dropped them', async () => {
    const late = await open();
    await late.until((events) => events.some((e) => e.event === 'batch' || e.event === 'update'));
    expect(late.events.slice(0, 3).map((e) => e.event)).toEqual(['meta', 'state', 'alert']);
    expect(marks(late.events)).toEqual([brokenMark, firingMark]);
    // they carry the id the replay continues from, as meta does
    expect(late.events[1]!.id).toBe(late.events[0]!.id);
    const meta = JSON.parse(late.events[0]!.data);
    expect(meta.states).toEqual({ column: 'machine_status', colors: { BROKEN: '#d62728' }, unshaded: ['NORMAL'] });
    expect(meta.alerts).toEqual([{ rule: 'low', column: 'x', op: 'below', value: 5, resolve: 8 }]);
    expect(meta.columns.map((c: { name: string }) => c.name)).toEqual(['x', 'machine_status', 'x_scaled']);
    late.close();
  });

  it('a resumed viewer (Last-Event-ID) gets the state and the firing alert again, then exactly what it missed', async () => {
    first.close();
    const lastId = first.events.at(-1)!.id;
    const back = await open({ 'Last-Event-ID': lastId });
    await back.until((events) => updates(events).length >= 2);
    expect(back.events.map((e) => e.event).slice(0, 3)).toEqual(['meta', 'state', 'alert']);
    expect(marks(back.events)).toEqual([brokenMark, firingMark]);
    const seqOf = (e: SseEvent) => Number(e.id.split('.')[1]);
    expect(seqOf(back.events.find((e) => e.event === 'update')!)).toBe(seqOf(first.events.at(-1)!) + 1);
    back.close();
  });

  it('shows the firing rule on /metrics and logs one line for the transition', async () => {
    const metrics = (await httpGet(`${daemon.url}/metrics`)).body;
    expect(metrics).toContain('rtg_alert_firing{stream="watch",rule="low"} 1');
    expect(metrics).toContain('rtg_alert_transitions_total{stream="watch",rule="low",state="firing"} 1');
    expect(metrics).toContain('rtg_alert_transitions_total{stream="watch",rule="low",state="resolved"} 0');
    const lines = daemon.logs.filter((l) => typeof l.msg === 'string' && (l.msg as string).startsWith('alert '));
    expect(lines.map((l) => [l.msg, l.rule, l.state, l.at, l.value])).toEqual([['alert low firing', 'low', 'firing', time(12), 1]]);
  });

  it('memory only, a reload that changes the rule restarts the stream with it: the new rule never fires on these rows', async () => {
    const viewer = await open();
    await viewer.until((events) => events.some((e) => e.event === 'update' || e.event === 'batch'));
    await writeFile(
      daemon.configFile,
      stringify({ server: { port: 0, host: '127.0.0.1', dataDir: '../data', store: false }, streams: [watch({ below: 0.5 })] }),
    );
    expect((await daemon.reload()).ok).toBe(true);
    await viewer.ended;
    expect(JSON.parse(viewer.events.at(-1)!.data)).toEqual({ reason: 'changed' });

    const fresh = await open();
    await fresh.until((events) => updates(events).length >= 20, 10_000);
    expect(JSON.parse(fresh.events[0]!.data).alerts).toEqual([{ rule: 'low', column: 'x', op: 'below', value: 0.5, resolve: 0.5 }]);
    expect(marks(fresh.events)).toEqual([`state ${JSON.stringify({ value: 'NORMAL', at: time(0) })}`, brokenMark]);
    const metrics = (await httpGet(`${daemon.url}/metrics`)).body;
    expect(metrics).toContain('rtg_alert_firing{stream="watch",rule="low"} 0');
    // the counts of the stream's earlier version stay: counters never go down
    expect(metrics).toContain('rtg_alert_transitions_total{stream="watch",rule="low",state="firing"} 1');
  });
});
