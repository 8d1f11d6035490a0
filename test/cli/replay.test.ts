import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { runCli } from '../helpers/cli.js';
import { connectSse, type SseConnection } from '../helpers/sse-client.js';
import { rowTimes } from '../helpers/sse-events.js';
import { pumpCsv } from '../helpers/temp.js';

// `realtime-graph replay`: the built command, against a daemon on loopback.
const OPERATOR = 'cli-operator-secret-0123';
let daemon: TestDaemon;
let viewer: SseConnection;

beforeAll(async () => {
  process.env.RTG_TEST_OPERATOR_TOKEN = OPERATOR; // the config reads it as ${RTG_TEST_OPERATOR_TOKEN}
  daemon = await startTestDaemon({
    server: { auth: { operatorToken: '${RTG_TEST_OPERATOR_TOKEN}' } },
    streams: [{ id: 'pump', source: { type: 'csv', file: 'pump.csv', rate: 20 }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'pump.csv': pumpCsv(5000, ['sensor_04']) },
  });
  viewer = await connectSse(`${daemon.url}/api/streams/pump/events`);
  await viewer.until((events) => rowTimes(events).length > 0);
});
afterAll(async () => {
  viewer?.close();
  await daemon?.stop();
  delete process.env.RTG_TEST_OPERATOR_TOKEN;
});

describe('realtime-graph replay', () => {
  it('seeks to a data time and sets the speed in one command; every viewer jumps there', async () => {
    const result = await runCli(['replay', 'pump', '--seek', '2024-01-02T09:00', '--speed', '10', '--server', daemon.url], {
      RTG_OPERATOR_TOKEN: OPERATOR,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('pump: playing ×10 at row 1980 of 5000 (2024-01-02T09:00:00.000Z)\n');
    expect(result.code).toBe(0);
    await viewer.until((events) => events.some((e) => e.event === 'replay'));
    expect(JSON.parse(viewer.events.find((e) => e.event === 'replay')!.data)).toMatchObject({
      speed: 10,
      jump: true,
      position: { row: 1980 },
    });
  });

  it('pauses, and shows the state without a command', async () => {
    expect((await runCli(['replay', 'pump', '--pause'], { RTG_OPERATOR_TOKEN: OPERATOR, RTG_SERVER: daemon.url })).stdout).toMatch(
      /^pump: paused ×10 at row \d+ of 5000 \(2024-01-0\dT\d\d:\d\d:00.000Z\)\n$/,
    );
    expect((await runCli(['replay', 'pump'], { RTG_OPERATOR_TOKEN: OPERATOR, RTG_SERVER: daemon.url })).stdout).toMatch(
      /^pump: paused ×10/,
    );
  });

  it('says what the daemon refused, and exits 1', async () => {
    const env = { RTG_SERVER: daemon.url };
    expect(await runCli(['replay', 'pump', '--resume'], { ...env, RTG_OPERATOR_TOKEN: 'not-the-operator-token' })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'realtime-graph: 403: the operator token is not valid\n',
    });
    expect(await runCli(['replay', 'pump', '--speed', '5000'], { ...env, RTG_OPERATOR_TOKEN: OPERATOR })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^realtime-graph: 400: speed: /),
    });
    expect(await runCli(['replay', 'pump', '--seek', '99999'], { ...env, RTG_OPERATOR_TOKEN: OPERATOR })).toMatchObject({
      code: 1,
      stderr: 'realtime-graph: 422: row 99999 is past the end (rows are 0 to 4999)\n',
    });
  }, 60_000); // four runs of the command: a few seconds each on a loaded machine

  it('without a token, says it needs one (usage error, exit 2)', async () => {
    expect(await runCli(['replay', 'pump', '--resume'], { RTG_SERVER: daemon.url, RTG_OPERATOR_TOKEN: '' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs the operator token'),
    });
  });
});
