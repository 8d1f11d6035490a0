import { describe, expect, it } from 'vitest';
import { mqttConfigSchema } from '../../../src/sources/mqtt/config.js';
import { parseTopicFilter } from '../../../src/sources/mqtt/topics.js';

const levels = (topic: string) => topic.split('/');

describe('topic filters and column templates', () => {
  it('name wildcard levels and build columns from numbered, negative and named levels', () => {
    const named = parseTopicFilter('plant/+pump/+sensor', '{pump}_{sensor}');
    expect(named.filter).toBe('plant/+/+');
    expect(named.problem).toBeUndefined();
    expect(named.columnOf(levels('plant/pump1/sensor_04'))).toBe('pump1_sensor_04');
    expect(parseTopicFilter('plant/+/+', '{3}').columnOf(levels('plant/pump1/sensor_04'))).toBe('sensor_04');
    expect(parseTopicFilter('plant/#').columnOf(levels('plant/a/b/sensor_18'))).toBe('sensor_18'); // {-1}, the default
    expect(parseTopicFilter('plant/#rest', '{rest}').columnOf(levels('plant/a/b'))).toBe('a/b');
    expect(parseTopicFilter('plant/+', 'flow').columnOf(levels('plant/x'))).toBe('flow');
    expect(parseTopicFilter('a/+', '{5}').columnOf(levels('a/b'))).toBeUndefined(); // no such level: malformed
  });

  it('match topics as MQTT does', () => {
    const match = (filter: string, topic: string) => parseTopicFilter(filter).matches(levels(topic));
    expect([
      match('a/+/c', 'a/b/c'),
      match('a/+/c', 'a/b/d'),
      match('a/+', 'a/b/c'),
      match('a/#', 'a'),
      match('a/#', 'a/b/c'),
      match('a/b', 'a/b'),
    ]).toEqual([true, false, false, true, true, true]);
  });

  it('are refused with a message that names the problem', () => {
    const problem = (topic: string, column?: string) => parseTopicFilter(topic, column).problem;
    expect(problem('a/#/b')).toBe('# may only be the last level of a topic filter');
    expect(problem('a/b+')).toBe('+ and # must be a whole level (in "b+")');
    expect(problem('a/+x/+x')).toBe('level name x is used twice');
    expect(problem('a/+', '{sensor}')).toBe('column template names {sensor}, which is not a level number or a named level of a/+');
  });
});

describe('the mqtt config schema', () => {
  const base = { url: 'mqtt://127.0.0.1:1883', subscriptions: [{ topic: 'a/+' }] };
  const issues = (config: Record<string, unknown>) =>
    mqttConfigSchema.safeParse(config).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('fills the defaults: QoS 1, json, time of receipt, MQTT 5 with a one-hour session', () => {
    expect(mqttConfigSchema.parse(base)).toMatchObject({
      subscriptions: [{ topic: 'a/+', qos: 1 }],
      format: 'json',
      timestamp: 'received',
      protocolVersion: 5,
      sessionExpirySeconds: 3600,
      receiveMaximum: 1000,
      maxMessageBytes: 1024 * 1024,
    });
  });

  it('names the field of each mistake', () => {
    expect(issues({ ...base, url: 'http://x' })).toEqual(['url: an mqtt://, mqtts://, ws:// or wss:// URL']);
    expect(issues({ ...base, format: 'csv' })).toEqual(['fields: format csv needs fields (the names of the values)']);
    expect(issues({ ...base, subscriptions: [{ topic: 'a/#/b' }] })).toEqual([
      'subscriptions.0.topic: # may only be the last level of a topic filter',
    ]);
    expect(issues({ ...base, tls: { ca: 'ca.pem' } })).toEqual(['tls: tls needs an mqtts:// or wss:// url']);
    expect(issues({ ...base, receiveMaximum: 0 })).toEqual(['receiveMaximum: Too small: expected number to be >=1']);
    expect(issues({ ...base, receiveMaximum: 65_536 })).toEqual(['receiveMaximum: Too big: expected number to be <=65535']);
  });
});
