// The store's faults with real daemon processes: a clear word naming the path, live streaming
// goes on (memory only), /readyz and /metrics say so, and nothing is deleted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { crashLogs, type DaemonProcess, runCli } from '../helpers/cli.js';
import { daemons } from '../helpers/crash.js';
import { itIfPermitted, tmpfsMissing } from '../helpers/requirements.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

let dir: Awaited<ReturnType<typeof tempDir>>;

function config(store: string, rate = 50) {
  return stringify({
    server: { dataDir: 'data', store },
    streams: [{ id: 'p', source: { type: 'csv', file: 'p.csv', rate, loop: true }, columns: ['timestamp', 'sensor_04'], autostart: true }],
  });
}

const processes = daemons();
const spawn = (file: string) => processes.spawn(dir.path(file), 0);

async function stop(daemon: DaemonProcess): Promise<void> {
  daemon.child.kill('SIGTERM');
  expect((await daemon.exited).code).toBe(0);
  expect(crashLogs(daemon.logs)).toEqual([]);
}

/** The daemon streams live: a viewer gets rows. */
async function streamsLive(daemon: DaemonProcess): Promise<void> {
  const viewer = await connectSse(`${daemon.url}/api/streams/p/events`);
  // Rows come one per `update`, or several per `batch` for a fast stream.
  await viewer.until((events) => events.filter((e) => e.event === 'update' || e.event === 'batch').length >= 3, 10_000);
  viewer.close();
}

const readyz = async (daemon: DaemonProcess) => JSON.parse((await httpGet(`${daemon.url}/readyz`)).body);
const storeOk = async (daemon: DaemonProcess) => /^rtg_store_ok (\d)$/m.exec((await httpGet(`${daemon.url}/metrics`)).body)?.[1];

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(500));
  await dir.write('blocked', 'a file where the store directory should be');
  await dir.write('under-file.yaml', config('blocked/store'));
  await dir.write('shared.yaml', config('shared'));
});
afterAll(async () => {
  await processes.killAll();
  await dir.remove();
});

describe('store faults, with real daemon processes', () => {
  it('a store directory that cannot be made: one error line naming it, live streaming, /readyz and /metrics say so', async () => {
    const daemon = await spawn('under-file.yaml');
    const lines = daemon.logs.filter((l) => (l.level as number) >= 50);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toContain(dir.path('blocked/store'));
    expect(lines[0]!.msg).toContain('Streams run memory only');
    await streamsLive(daemon);
    expect(await readyz(daemon)).toMatchObject({ status: 'ready', store: { ok: false, path: dir.path('blocked/store') } });
    expect(await storeOk(daemon)).toBe('0');
    await stop(daemon);
  });

  it('a second daemon on the same store is refused with a message naming the lock; the first streams on', async () => {
    const first = await spawn('shared.yaml');
    const second = await runCli(['serve', '--config', dir.path('shared.yaml'), '--port', '0']);
    expect(second.code).not.toBe(0);
    expect(second.stderr + second.stdout).toMatch(/locked by another process \(PID \d+\)/);
    expect(second.stderr + second.stdout).toContain(dir.path('shared/history.duckdb'));
    await streamsLive(first);
    expect(await storeOk(first)).toBe('1');
    await stop(first);
  });

  it('a store file damaged while the daemon is down is moved aside (not deleted) and a new one started', async () => {
    mkdirSync(dir.path('damaged'), { recursive: true });
    writeFileSync(dir.path('damaged/history.duckdb'), Buffer.alloc(64 * 1024, 0x5a));
    await dir.write('damaged.yaml', config('damaged'));
    const daemon = await spawn('damaged.yaml');
    const aside = readdirSync(dir.path('damaged')).filter((f) => f.startsWith('history.duckdb.corrupt-'));
    expect(aside).toHaveLength(1);
    const warned = daemon.logs.find((l) => typeof l.msg === 'string' && (l.msg as string).includes(aside[0]!));
    expect(warned).toBeDefined();
    await streamsLive(daemon);
    expect(await storeOk(daemon)).toBe('1');
    await stop(daemon);
  });

  itIfPermitted(
    'a disk that fills up: the store fails with one line, the stream goes on live, /readyz and /metrics say so',
    tmpfsMissing(),
    async () => {
      const small = dir.path('small');
      mkdirSync(small, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
      try {
        await dir.write('small.yaml', config('small', 2000));
        const daemon = await spawn('small.yaml');
        await expect.poll(async () => (await readyz(daemon)).store.ok, { timeout: 30_000 }).toBe(false);
        expect((await readyz(daemon)).store.message).toContain('No space left on device');
        expect(await storeOk(daemon)).toBe('0');
        await streamsLive(daemon);
        expect(daemon.logs.filter((l) => (l.level as number) >= 50)).toHaveLength(1);
        await stop(daemon);
      } finally {
        execFileSync('umount', ['-l', small]);
      }
    },
    60_000,
  );
});
