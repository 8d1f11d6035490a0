import type { TestProject } from 'vitest/node';
import { mosquittoMissing, prepareBroker, removeBroker, startBroker, type MqttBrokerInfo } from './broker.js';

/**
 * Starts Debian's Mosquitto for the MQTT tests on free loopback ports, with a generated config,
 * users and certificates, and stops it after. Without it the tests get a one-line reason to skip
 * (and fail under CI).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = mosquittoMissing();
  if (missing) {
    project.provide('mqtt', { missing });
    return async () => {};
  }
  const info: MqttBrokerInfo = await prepareBroker();
  try {
    await startBroker(info);
  } catch (error) {
    await removeBroker(info);
    throw error;
  }
  project.provide('mqtt', info);
  return () => removeBroker(info);
}
