import { afterAll } from 'vitest';
import { DataDir } from '../../src/sources/data-dir.js';
import { mqttSource } from '../../src/sources/mqtt/source.js';
import { tempDir } from '../helpers/temp.js';
import { describeConformance } from '../sources/conformance.js';
import { brokerUrl, describeWithMqtt, publisher, uniqueRoot, type Publisher } from './helpers.js';

const dir = await tempDir('rtg-mqtt-conformance-');
const publishers: Publisher[] = [];
const timers: NodeJS.Timeout[] = [];
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const p of publishers) await p.close();
  await dir.remove();
});

describeWithMqtt('the mqtt source plugin', () => {
  describeConformance({
    plugin: mqttSource,
    fields: ['timestamp', 'sensor_04'],
    async rowsConfig() {
      // A retained value gives the first row at once; a publisher keeps values coming.
      const topic = `${uniqueRoot()}/sensor_04`;
      const p = await publisher();
      publishers.push(p);
      await p.publish(topic, '0.5', { retain: true });
      let i = 0;
      timers.push(setInterval(() => void p.publish(topic, String(i++ / 100)).catch(() => undefined), 20));
      return { url: brokerUrl(), subscriptions: [{ topic }], format: 'number' };
    },
    failingConfig: async () => ({
      url: brokerUrl().replace('mqtt:', 'mqtts:'),
      subscriptions: [{ topic: 'x' }],
      tls: { ca: '/nonexistent/ca.pem' },
    }),
    dataDir: () => DataDir.open(dir.root),
  });
});
