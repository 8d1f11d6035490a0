import { afterEach, describe, expect, it } from 'vitest';
import { httpGet, type SseEvent } from '../helpers/sse-client.js';
import { dataRows } from '../helpers/sse-events.js';
import { describeWithMqtt, mqttDaemons, publisher, uniqueRoot, type Publisher } from './helpers.js';

const daemons = mqttDaemons();
const publishers: Publisher[] = [];
afterEach(async () => {
  for (const p of publishers.splice(0)) await p.close();
  await daemons.stopAll();
});

async function pub(): Promise<Publisher> {
  const p = await publisher();
  publishers.push(p);
  return p;
}

const SENSORS = ['sensor_04', 'sensor_18', 'sensor_34'];
const COLUMNS = ['timestamp', ...SENSORS];
const rows = (events: SseEvent[], names = COLUMNS) => dataRows(events, names);
const second = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString();
/** Rows without their time (for sources that stamp the time of receipt). */
const values = (events: SseEvent[], names = COLUMNS) => rows(events, names).map(({ timestamp: _, ...rest }) => rest);

describeWithMqtt('mqtt source against a real Mosquitto', () => {
  describe('per-topic values become wide rows (sample-and-hold)', () => {
    it('one row per message: three sensors on three topics draw as three continuous lines', async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start(
        { subscriptions: [{ topic: `${root}/+pump/+sensor`, column: '{sensor}' }], timestamp: 'field' },
        COLUMNS,
      );
      const sse = await watch();
      const p = await pub();
      const send = (sensor: string, value: number, s: number) => p.publish(`${root}/pump1/${sensor}`, { value, timestamp: second(s) });
      await send('sensor_04', 1, 0);
      await send('sensor_18', 2, 1);
      await send('sensor_34', 3, 2);
      await send('sensor_04', 4, 3);
      await send('sensor_99', 9, 4); // not a column of the stream: no row
      await send('sensor_18', 5, 5);
      await sse.until((events) => rows(events).length >= 5);
      expect(rows(sse.events)).toEqual([
        { timestamp: second(0), sensor_04: 1, sensor_18: null, sensor_34: null },
        { timestamp: second(1), sensor_04: 1, sensor_18: 2, sensor_34: null },
        { timestamp: second(2), sensor_04: 1, sensor_18: 2, sensor_34: 3 },
        { timestamp: second(3), sensor_04: 4, sensor_18: 2, sensor_34: 3 },
        { timestamp: second(5), sensor_04: 4, sensor_18: 5, sensor_34: 3 },
      ]);
    });

    it('one row every sampleMs, each with every column at its latest value, stamped with the sample time', async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start({ subscriptions: [{ topic: `${root}/#` }], format: 'number', sampleMs: 50 }, COLUMNS);
      const sse = await watch();
      const p = await pub();
      await p.publish(`${root}/a/sensor_04`, '1.5');
      await sse.until((events) => rows(events).length >= 3);
      await p.publish(`${root}/b/c/sensor_18`, '-2');
      await sse.until((events) => values(events).some((r) => r.sensor_18 === -2) && rows(events).length >= 6);
      const got = values(sse.events);
      const first = got.findIndex((r) => r.sensor_18 === -2);
      expect(first).toBeGreaterThanOrEqual(3);
      expect(got.slice(0, first)).toEqual(Array(first).fill({ sensor_04: 1.5, sensor_18: null, sensor_34: null }));
      expect(got.slice(first)).toEqual(Array(got.length - first).fill({ sensor_04: 1.5, sensor_18: -2, sensor_34: null }));
      // One row per tick, 50 ms apart on average. A single gap can be shorter when the tick before
      // it was stamped late on a busy machine, but never half a tick (two rows for one tick).
      const times = rows(sse.events).map((r) => Date.parse(r.timestamp as string));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(25);
      expect((times.at(-1)! - times[0]!) / (times.length - 1)).toBeGreaterThanOrEqual(49);
    });

    it('a value older than staleMs becomes null: a dead sensor shows a gap, not a flat line', async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start(
        { subscriptions: [{ topic: `${root}/+` }], format: 'number', sampleMs: 50, staleMs: 400 },
        COLUMNS,
      );
      const sse = await watch();
      const p = await pub();
      const sentAt = Date.now();
      await p.publish(`${root}/sensor_04`, '7');
      await sse.until((events) => values(events).some((r) => r.sensor_04 === null && rows(events).length > 1), 5000);
      const got = rows(sse.events);
      const gone = got.findIndex((r) => r.sensor_04 === null);
      expect(gone).toBeGreaterThan(0);
      expect(got.slice(0, gone).map((r) => r.sensor_04)).toEqual(Array(gone).fill(7));
      // The first gap comes no earlier than staleMs after the value was sent.
      expect(Date.parse(got[gone]!.timestamp as string) - sentAt).toBeGreaterThanOrEqual(400);
    });
  });

  describe('payload formats', () => {
    it("json: an object per message, fields named by the stream's columns; time from a field", async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start({ subscriptions: [{ topic: `${root}/row` }], timestamp: 'field' }, COLUMNS);
      const sse = await watch();
      const p = await pub();
      await p.publish(`${root}/row`, { timestamp: second(0), sensor_04: 0.5, sensor_18: 1, sensor_34: 2, other: 'x' });
      await p.publish(`${root}/row`, { timestamp: second(1), sensor_04: 'abc', sensor_18: 3 });
      await sse.until((events) => rows(events).length >= 2);
      expect(rows(sse.events)).toEqual([
        { timestamp: second(0), sensor_04: 0.5, sensor_18: 1, sensor_34: 2 },
        // sample-and-hold: sensor_34 keeps its value; a wrong type is a gap
        { timestamp: second(1), sensor_04: null, sensor_18: 3, sensor_34: 2 },
      ]);
    });

    it('number: the payload is one value, the column comes from the topic ({3}); time of receipt', async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start({ subscriptions: [{ topic: `${root}/pump1/+`, column: '{3}' }], format: 'number' }, COLUMNS);
      const sse = await watch();
      const p = await pub();
      const before = Date.now();
      await p.publish(`${root}/pump1/sensor_18`, ' 42.5 ');
      await p.publish(`${root}/pump1/sensor_34`, '-1e-3');
      await sse.until((events) => rows(events).length >= 2);
      expect(values(sse.events)).toEqual([
        { sensor_04: null, sensor_18: 42.5, sensor_34: null },
        { sensor_04: null, sensor_18: 42.5, sensor_34: -0.001 },
      ]);
      for (const r of rows(sse.events)) {
        expect(Date.parse(r.timestamp as string)).toBeGreaterThanOrEqual(before - 1);
        expect(Date.parse(r.timestamp as string)).toBeLessThanOrEqual(Date.now());
      }
    });

    it('csv: a line named by fields', async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start(
        { subscriptions: [{ topic: `${root}/csv` }], format: 'csv', fields: ['timestamp', 'sensor_04', 'sensor_18'], timestamp: 'field' },
        COLUMNS,
      );
      const sse = await watch();
      const p = await pub();
      await p.publish(`${root}/csv`, '2024-01-01 00:00:00,0.5,0.25');
      await p.publish(`${root}/csv`, '2024-01-01 00:00:01,,0.75\n');
      await sse.until((events) => rows(events).length >= 2);
      expect(rows(sse.events)).toEqual([
        { timestamp: second(0), sensor_04: 0.5, sensor_18: 0.25, sensor_34: null },
        { timestamp: second(1), sensor_04: null, sensor_18: 0.75, sensor_34: null },
      ]);
    });
  });

  it('retained messages give a stream its initial values at start', async () => {
    const root = uniqueRoot();
    const p = await pub();
    await p.publish(`${root}/sensor_04`, '11', { retain: true });
    await p.publish(`${root}/sensor_18`, '22', { retain: true });
    const { watch } = await daemons.start({ subscriptions: [{ topic: `${root}/+` }], format: 'number', sampleMs: 50 }, COLUMNS);
    const sse = await watch();
    await sse.until((events) => values(events).some((r) => r.sensor_18 === 22));
    expect(values(sse.events).at(-1)).toEqual({ sensor_04: 11, sensor_18: 22, sensor_34: null });
    await p.publish(`${root}/sensor_04`, '', { retain: true }); // clears them
    await p.publish(`${root}/sensor_18`, '', { retain: true });
  });

  it('malformed and oversized payloads are counted (rtg_source_malformed_total) and skipped', async () => {
    const root = uniqueRoot();
    const { watch, daemon } = await daemons.start(
      { subscriptions: [{ topic: `${root}/+` }], format: 'number', maxMessageBytes: 64 },
      COLUMNS,
    );
    const sse = await watch();
    const p = await pub();
    await p.publish(`${root}/sensor_04`, '1');
    for (const bad of ['abc', 'NaN', '{"value":1}', `1${' '.repeat(100)}`, Buffer.from([0xff, 0xfe])])
      await p.publish(`${root}/sensor_04`, bad);
    await p.publish(`${root}/sensor_04`, '2');
    await sse.until((events) => rows(events).length >= 2);
    expect(values(sse.events)).toEqual([
      { sensor_04: 1, sensor_18: null, sensor_34: null },
      { sensor_04: 2, sensor_18: null, sensor_34: null },
    ]);
    const channel = daemon.hub.get('m')!;
    expect(channel.sourceCounters()).toMatchObject({ messages: 7, malformed: 5 });
    const metrics = await httpGet(`${daemon.url}/metrics`);
    expect(metrics.body).toContain('rtg_source_malformed_total{stream="m"} 5');
    expect(daemon.logs.filter((l) => l.msg === 'malformed MQTT message skipped')).toHaveLength(5);
  });

  describe('duplicates', () => {
    it('a message id seen before on its topic is dropped (messageIdField)', async () => {
      const root = uniqueRoot();
      const { watch, daemon } = await daemons.start(
        { subscriptions: [{ topic: `${root}/+`, column: 'sensor_04' }], messageIdField: 'seq' },
        COLUMNS,
      );
      const sse = await watch();
      const p = await pub();
      await p.publish(`${root}/a`, { seq: 1, value: 10 });
      await p.publish(`${root}/a`, { seq: 1, value: 10 }); // a redelivery
      await p.publish(`${root}/b`, { seq: 1, value: 20 }); // same id on another topic: another message
      await p.publish(`${root}/a`, { seq: 2, value: 30 });
      await sse.until((events) => rows(events).length >= 3);
      expect(values(sse.events).map((r) => r.sensor_04)).toEqual([10, 20, 30]);
      await expect.poll(() => daemon.hub.get('m')!.sourceCounters()).toMatchObject({ messages: 4, duplicates: 1 });
    });

    it('without messageIdField, a repeated message is a repeated row', async () => {
      const root = uniqueRoot();
      const { watch } = await daemons.start({ subscriptions: [{ topic: `${root}/+`, column: 'sensor_04' }] }, COLUMNS);
      const sse = await watch();
      const p = await pub();
      for (const v of [10, 10, 30]) await p.publish(`${root}/a`, { seq: 1, value: v });
      await sse.until((events) => rows(events).length >= 3);
      expect(values(sse.events).map((r) => r.sensor_04)).toEqual([10, 10, 30]);
    });
  });

  it('two daemon instances on the same topics each get everything', async () => {
    const root = uniqueRoot();
    const source = { subscriptions: [{ topic: `${root}/+` }], format: 'number' };
    const [a, b] = await Promise.all([daemons.start(source, COLUMNS), daemons.start(source, COLUMNS)]);
    expect(a.daemon.url).not.toBe(b.daemon.url);
    const viewers = [await a.watch(), await a.watch(), await b.watch()];
    const p = await pub();
    for (let i = 0; i < 5; i++) await p.publish(`${root}/sensor_04`, String(i));
    for (const v of viewers) await v.until((events) => rows(events).length >= 5);
    for (const v of viewers) expect(values(v.events).map((r) => r.sensor_04)).toEqual([0, 1, 2, 3, 4]);
  });
});
