// A QoS 1 message is acknowledged to the broker only once its row is committed: a source with a
// fixed client id that crashes (its socket destroyed, no DISCONNECT) gets back from the broker's
// session exactly the messages it had not acknowledged, and with messageIdField a message the
// store had but the broker sends again is dropped.
import net, { type Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { DataDir } from '../../src/sources/data-dir.js';
import { mqttConfigSchema } from '../../src/sources/mqtt/config.js';
import { mqttSource } from '../../src/sources/mqtt/source.js';
import type { SourceNotice } from '../../src/sources/types.js';
import type { Row } from '../../src/values/row.js';
import { brokerProxy, brokerUrl, describeWithMqtt, publisher, uniqueRoot, type Publisher } from './helpers.js';

const logger = pino({ level: 'silent' });
/** The sockets the mqtt clients open, by the source that opened them (to crash one). */
let capture: Socket[] = [];
const cleanup: (() => Promise<void>)[] = [];

beforeEach(() => {
  const createConnection = net.createConnection;
  vi.spyOn(net, 'createConnection').mockImplementation(((...args: Parameters<typeof net.createConnection>) => {
    const socket = createConnection(...args);
    capture.push(socket);
    return socket;
  }) as typeof net.createConnection);
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function pub(): Promise<Publisher> {
  const p = await publisher();
  cleanup.push(() => p.close());
  return p;
}

interface Opened {
  rows: Row[];
  seqs(): number[];
  position(): unknown;
  committed(position: unknown): void;
  counters(): Record<string, number>;
  /** Resolves once everything the client wrote is on its socket (the PUBACKs that `committed` sent). */
  flushed(before: number): Promise<void>;
  bytesWritten(): number;
  /** The daemon dies: the socket is destroyed without a DISCONNECT, and nothing more is sent. */
  crash(): Promise<void>;
}

/** Reads an MQTT source in the background; resolves once its client is subscribed (or has its session). */
async function open(config: Record<string, unknown>, resumeFrom?: unknown): Promise<Opened> {
  const notices: SourceNotice[] = [];
  const source = mqttSource.create(mqttConfigSchema.parse({ url: brokerUrl(), reconnectMs: 5000, ...config }), {
    streamId: 's',
    dataDir: undefined as unknown as DataDir,
    logger,
    fields: ['seq', 'value'],
    notify: (notice) => notices.push(notice),
    resumeFrom,
  });
  const sockets: Socket[] = [];
  capture = sockets;
  const controller = new AbortController();
  const rows: Row[] = [];
  const reading = (async () => {
    for await (const item of source.read(controller.signal)) rows.push(...(Array.isArray(item) ? item : [item]));
  })();
  const stop = async () => {
    controller.abort();
    await reading;
  };
  cleanup.push(stop);
  await expect.poll(() => notices.some((n) => n.type === 'status' && n.state === 'live'), { timeout: 10_000 }).toBe(true);
  const bytesWritten = () => sockets.reduce((sum, s) => sum + s.bytesWritten, 0);
  return {
    rows,
    seqs: () => rows.map((r) => r.seq as number),
    position: () => source.position!(),
    committed: (position) => source.committed!(position),
    counters: () => source.counters!(),
    bytesWritten,
    async flushed(before) {
      await expect.poll(() => bytesWritten() > before && sockets.every((s) => s.writableLength === 0)).toBe(true);
    },
    async crash() {
      expect(sockets.filter((s) => !s.destroyed).length).toBeGreaterThanOrEqual(1); // (a test proxy's upstream is one too)
      for (const socket of sockets) socket.destroy();
      await stop();
    },
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describeWithMqtt('mqtt: a QoS 1 message is acknowledged once its row is committed (fixed clientId)', () => {
  const session = (root: string) => ({
    clientId: `rtg-test-${root}`,
    sessionExpirySeconds: 60,
    subscriptions: [{ topic: `${root}/data`, qos: 1 }],
  });
  const send = (p: Publisher, root: string, seqs: number[]) =>
    Promise.all(seqs.map((seq) => p.publish(`${root}/data`, { seq, value: seq * 10 })));

  it('after a crash with nothing committed, the broker sends again exactly the messages read', async () => {
    const root = uniqueRoot();
    const p = await pub();
    const first = await open(session(root));
    await send(p, root, range(1, 5));
    await expect.poll(() => first.seqs()).toEqual(range(1, 5));
    await first.crash();

    const second = await open(session(root));
    await expect.poll(() => second.seqs()).toEqual(range(1, 5));
    await send(p, root, [6]); // after the resent ones: once it is here, nothing else is coming
    await expect.poll(() => second.seqs()).toEqual(range(1, 6));
    expect(second.counters()).toMatchObject({ messages: 6, duplicates: 0, malformed: 0 });
  });

  it('after committed(position of the first 3), a crash brings back only the rest (a malformed message after them is acknowledged with them)', async () => {
    const root = uniqueRoot();
    const p = await pub();
    const first = await open(session(root));
    await send(p, root, range(1, 3));
    await expect.poll(() => first.seqs()).toEqual(range(1, 3));
    const afterThree = first.position();
    expect(afterThree).toEqual({ messages: 3 });
    await p.publish(`${root}/data`, 'not json');
    await send(p, root, [4, 5]);
    await expect.poll(() => first.seqs()).toEqual(range(1, 5));
    expect(first.counters()).toMatchObject({ messages: 6, malformed: 1 });
    expect(first.position()).toEqual({ messages: 6 });

    const before = first.bytesWritten();
    first.committed(afterThree);
    await first.flushed(before);
    await first.crash();

    const second = await open(session(root), afterThree);
    await send(p, root, [6]);
    await expect.poll(() => second.seqs()).toEqual([4, 5, 6]);
    expect(second.counters()).toMatchObject({ messages: 3, malformed: 0 });
    expect(second.position()).toEqual({ messages: 6 }); // 3 resumed from, then 3 more
  });

  it('with messageIdField, a message the store has and the broker sends again after a crash is dropped and counted', async () => {
    const root = uniqueRoot();
    const p = await pub();
    const config = { ...session(root), messageIdField: 'seq' };
    const first = await open(config);
    await send(p, root, range(1, 3));
    await expect.poll(() => first.seqs()).toEqual(range(1, 3));
    // The store committed these rows, and the daemon died before the PUBACKs went out.
    const stored = first.position();
    expect(stored).toEqual({ messages: 3, ids: [`${root}/data\u00001`, `${root}/data\u00002`, `${root}/data\u00003`] });
    await first.crash();

    const second = await open(config, stored);
    await send(p, root, [4]);
    await expect.poll(() => second.seqs()).toEqual([4]);
    expect(second.counters()).toMatchObject({ messages: 4, duplicates: 3 });
  });

  it('across a network drop, the broker resends the unacknowledged messages: they are not rows again, and the commit acknowledges them on the new connection', async () => {
    const root = uniqueRoot();
    const p = await pub();
    const proxy = await brokerProxy();
    cleanup.push(() => proxy.close());
    const first = await open({ ...session(root), url: proxy.url, reconnectMs: 200 });
    await send(p, root, range(1, 3));
    await expect.poll(() => first.seqs()).toEqual(range(1, 3));
    const afterThree = first.position();
    proxy.cut();
    proxy.restore();
    await expect.poll(() => first.counters().duplicates, { timeout: 10_000 }).toBe(3); // resent on the resumed session
    expect(first.counters().reconnects).toBe(1);
    const before = first.bytesWritten();
    first.committed(afterThree);
    await first.flushed(before);
    await send(p, root, [4]);
    await expect.poll(() => first.seqs()).toEqual(range(1, 4));
    await first.crash();

    const second = await open(session(root), afterThree);
    await send(p, root, [5]);
    await expect.poll(() => second.seqs()).toEqual([4, 5]);
  });
});
