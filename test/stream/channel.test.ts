import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeStream, streamSchema } from '../../src/config/schema.js';
import { DataDir } from '../../src/sources/data-dir.js';
import { defaultPlugins } from '../../src/plugins.js';
import { defaultRegistry } from '../../src/sources/registry.js';
import { StreamChannel } from '../../src/stream/channel.js';
import { Viewer, type ViewerEnd } from '../../src/stream/viewer.js';
import { FakeResponse } from '../helpers/fake-response.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const registry = defaultRegistry();
let dir: Awaited<ReturnType<typeof tempDir>>;
let dataDir: DataDir;

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/pump.csv', pumpCsv(400));
  dataDir = await DataDir.open(dir.path('data'));
});
afterAll(() => dir.remove());

function channel(stream: Record<string, unknown>) {
  const config = normalizeStream(
    streamSchema(defaultPlugins(registry)).parse({ id: 's', columns: ['timestamp', 'sensor_04'], ...stream }),
    'test.yaml',
  );
  return new StreamChannel(config, {
    plugin: registry.get('csv')!,
    dataDir,
    logger: pino({ level: 'silent' }),
    retryMs: () => 1000,
  });
}

function viewer(ch: StreamChannel, res: FakeResponse, limits = { maxQueueBytes: 1 << 20, maxQueueEvents: 1000 }) {
  const ends: ViewerEnd[] = [];
  const v = new Viewer(res.asResponse(), limits, (me, why) => {
    ends.push(why);
    ch.detach(me, why);
  });
  return { v, ends };
}

/** The events of an SSE text (JSON data), in order. */
function parseFrames(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n'))
    .filter((lines) => lines.some((l) => l.startsWith('event: ')))
    .map((lines) => ({
      event: lines.find((l) => l.startsWith('event: '))!.slice(7),
      data: JSON.parse(
        lines
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n'),
      ),
    }));
}

describe('StreamChannel', () => {
  it('serializes each event once and writes the same bytes to every viewer', async () => {
    const ch = channel({ source: { type: 'csv', file: 'pump.csv', rate: 200 } });
    const responses = [new FakeResponse(), new FakeResponse(), new FakeResponse()];
    for (const res of responses) ch.attach(viewer(ch, res).v, undefined);
    await expect.poll(() => responses[0]!.chunks.length, { timeout: 5000 }).toBeGreaterThan(10);
    await ch.stop();
    // after the first (per-viewer) write, chunk i of every viewer is the very same Buffer object
    const live = responses.map((r) => r.chunks.slice(1, 10));
    for (let i = 0; i < live[0]!.length; i++) {
      expect(live[1]![i]).toBe(live[0]![i]);
      expect(live[2]![i]).toBe(live[0]![i]);
    }
  });

  it('disconnects a viewer that stops reading once it is past its bound, without slowing the others', async () => {
    const ch = channel({ source: { type: 'csv', file: 'pump.csv', rate: 'unlimited' }, batch: { maxRows: 10 } });
    const stuck = new FakeResponse();
    stuck.stalled = true;
    const healthy = new FakeResponse();
    const slow = viewer(ch, stuck, { maxQueueBytes: 4096, maxQueueEvents: 1000 });
    ch.attach(slow.v, undefined);
    ch.attach(viewer(ch, healthy).v, undefined);
    await expect.poll(() => ch.state, { timeout: 5000 }).toBe('finished');
    expect(slow.ends).toEqual(['slow']);
    expect(stuck.destroyed).toBe(true);
    expect(stuck.writableLength).toBeLessThanOrEqual(4096 + 2048);
    expect(ch.stats.slowDisconnects).toBe(1);
    // the healthy viewer got every row, in order, once, and the end of the run
    const events = parseFrames(healthy.text());
    const rows: [unknown, unknown][] = [];
    for (const { event, data } of events) {
      if (event === 'update') rows.push([data.timestamp, data.sensor_04]);
      if (event === 'batch') {
        data.t.forEach((t: unknown, i: number) => {
          rows.push([t, data.y[0][i]]);
        });
      }
    }
    expect(rows).toEqual(
      Array.from({ length: 400 }, (_, i) => [new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), ((i * 7) % 100) / 100]),
    );
    expect(events.at(-1)).toMatchObject({ event: 'jobfinished', data: { rows: 400, skipped: 0 } });
    expect(healthy.ended).toBe(true);
  });

  it('counts resumes and resets', async () => {
    const ch = channel({ source: { type: 'csv', file: 'pump.csv', rate: 200 } });
    const first = new FakeResponse();
    ch.attach(viewer(ch, first).v, undefined);
    await expect.poll(() => first.chunks.length, { timeout: 5000 }).toBeGreaterThan(5);
    const lastId = /id: (\S+)\n(?![\s\S]*id: )/.exec(first.text())![1]!;
    ch.attach(viewer(ch, new FakeResponse()).v, lastId);
    ch.attach(viewer(ch, new FakeResponse()).v, 'garbage');
    await ch.stop();
    expect(ch.stats.resumes).toBe(1);
    expect(ch.stats.resets).toBe(1);
  });
});

describe('StreamChannel with resetStagesOnLoop', () => {
  it('starts the derived signals afresh at each pass of a looping replay, and keeps them over passes without it', async () => {
    await dir.write('data/three.csv', 'timestamp,sensor_04\n2024-01-01 00:00:00,1\n2024-01-01 00:01:00,3\n2024-01-01 00:02:00,6\n');
    const diffs = async (reset: boolean) => {
      const ch = channel({
        source: { type: 'csv', file: 'three.csv', rate: 20, loop: true },
        stages: [{ type: 'diff', column: 'sensor_04' }],
        resetStagesOnLoop: reset,
      });
      const res = new FakeResponse();
      ch.attach(viewer(ch, res).v, undefined);
      const updates = () => parseFrames(res.text()).filter((f) => f.event === 'update');
      await expect.poll(() => updates().length, { timeout: 5000 }).toBeGreaterThanOrEqual(7);
      await ch.stop();
      return updates()
        .slice(0, 7)
        .map((f) => f.data.sensor_04_diff);
    };
    expect(await diffs(true)).toEqual([null, 2, 3, null, 2, 3, null]);
    // 1 after 6: the diff runs on over the loop.
    expect(await diffs(false)).toEqual([null, 2, 3, -5, 2, 3, -5]);
  });
});
