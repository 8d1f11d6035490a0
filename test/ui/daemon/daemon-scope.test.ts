import { describe, expect, it } from 'vitest';
import { ScopeRegistry } from '../../../src/ui/daemon/daemon-scope.js';
import type { StreamInfo } from '../../../src/protocol/events.js';

describe('ScopeRegistry', () => {
  const streams = (id: string): StreamInfo[] => [{ id } as StreamInfo];

  it('shares a stream-list request within a scope while it is in flight, never across scopes', async () => {
    const registry = new ScopeRegistry();
    const loads: string[] = [];
    const load = (url: string) => {
      loads.push(url);
      return Promise.resolve(streams(url));
    };
    const a1 = registry.get('a').streamList('http://a/api/streams', load);
    const a2 = registry.get('a').streamList('http://a/api/streams', load);
    const b = registry.get('b').streamList('http://b/api/streams', load);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(loads).toEqual(['http://a/api/streams', 'http://b/api/streams']);
    expect(registry.keys()).toEqual(['a', 'b']);
    await Promise.all([a1, b]);
    await Promise.resolve();
    expect(registry.keys()).toEqual([]); // idle scopes leave
    await registry.get('a').streamList('http://a/api/streams', load);
    expect(loads.length).toBe(3); // a settled request is not kept
  });

  it('gives one connection per events URL in a scope, another in another scope; dispose forgets the scope', () => {
    const registry = new ScopeRegistry();
    const a = registry.get('a');
    expect(a.connection('http://a/api/streams/x/events')).toBe(a.connection('http://a/api/streams/x/events'));
    expect(registry.get('b').connection('http://a/api/streams/x/events')).not.toBe(a.connection('http://a/api/streams/x/events'));
    expect(a.describe().map((c) => c.url)).toEqual(['http://a/api/streams/x/events']);
    a.dispose();
    expect(a.describe()).toEqual([]);
    expect(registry.keys()).toEqual(['b']);
    expect(registry.get('a')).not.toBe(a);
  });
});
