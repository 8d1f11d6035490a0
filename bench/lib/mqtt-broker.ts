// A Mosquitto broker of its own for the MQTT benchmark: a free loopback port, no persistence, and a
// queue per session large enough for a whole run (a large number: 0, "no maximum", is buggy in
// Mosquitto 2.0.11).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, freePort, MOSQUITTO } from '../../test/mqtt/broker.js';
import { spawnTracked, stopProcess } from './process.js';

export { mosquittoMissing } from '../../test/mqtt/broker.js';

export interface BenchMqttBroker {
  url: string;
  stop(): Promise<void>;
}

export async function startMqttBroker(): Promise<BenchMqttBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'rtg-bench-mosquitto-'));
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 1000000',
      'log_dest stderr',
      'log_type error',
      '',
    ].join('\n'),
  );
  const broker = spawnTracked(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (broker.exitCode !== null || Date.now() > deadline) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('mosquitto did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      await stopProcess(broker);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
