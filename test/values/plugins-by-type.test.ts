import { describe, expect, it } from 'vitest';
import { PluginsByType } from '../../src/values/plugins-by-type.js';

describe('PluginsByType', () => {
  const a = { type: 'a', n: 1 };
  const b = { type: 'b', n: 2 };

  it('lists the plugins in the order given and finds each by its type', () => {
    const plugins = new PluginsByType('widget', [b, a]);
    expect(plugins.list()).toEqual([b, a]);
    expect(plugins.get('a')).toBe(a);
    expect(plugins.get('b')).toBe(b);
    expect(plugins.get('c')).toBeUndefined();
  });

  it('refuses a type given twice, naming the family and the type', () => {
    expect(() => new PluginsByType('widget', [a, b, { type: 'a', n: 3 }])).toThrow(new TypeError('widget type a is registered twice'));
  });

  it('hands out a copy of its list', () => {
    const plugins = new PluginsByType('widget', [a]);
    plugins.list().push(b);
    expect(plugins.list()).toEqual([a]);
  });
});
