import { describe, expect, it } from 'vitest';
import { ReplayCache } from '../../../src/ui/daemon/replay-cache.js';

const ev = (name: string, data: unknown = {}, id = '') => ({ name, data, id });
const batch = (n: number, id: string) => ev('batch', { t: Array(n).fill('t'), y: [] }, id);
const names = (cache: ReplayCache) => cache.replay().map((e) => `${e.name}${e.id ? `#${e.id}` : ''}`);

describe('ReplayCache', () => {
  it('replays nothing before the first meta', () => {
    const cache = new ReplayCache();
    cache.setLimit(100);
    cache.remember(batch(3, '1'));
    expect(cache.replay()).toEqual([]);
  });

  it('replays meta, then the latest status / progress / looped in arrival order, then the rows', () => {
    const cache = new ReplayCache();
    cache.setLimit(100);
    for (const e of [
      ev('meta', {}, 'm'),
      ev('progress', {}, 'p1'),
      batch(2, 'b1'),
      ev('status', {}, 's'),
      ev('progress', {}, 'p2'),
      batch(2, 'b2'),
    ])
      cache.remember(e);
    expect(names(cache)).toEqual(['meta#m', 'status#s', 'progress#p2', 'batch#b1', 'batch#b2']);
  });

  it('drops the rows before a seek (a replay event with jump), keeping the latest replay state', () => {
    const cache = new ReplayCache();
    cache.setLimit(100);
    for (const e of [
      ev('meta', {}, 'm'),
      batch(2, 'b1'),
      ev('replay', { jump: false }, 'r1'),
      batch(2, 'b2'),
      ev('replay', { jump: true }, 'r2'),
      batch(2, 'b3'),
    ])
      cache.remember(e);
    expect(names(cache)).toEqual(['meta#m', 'replay#r2', 'batch#b3']);
  });

  it('keeps the newest `limit` rows in whole events, at least the last one', () => {
    const cache = new ReplayCache();
    cache.setLimit(5);
    cache.remember(ev('meta'));
    for (let i = 1; i <= 4; i++) cache.remember(batch(2, `b${i}`));
    expect(names(cache)).toEqual(['meta', 'batch#b2', 'batch#b3', 'batch#b4']);
    expect(cache.size).toBe(6);
    cache.remember(batch(50, 'big'));
    expect(names(cache)).toEqual(['meta', 'batch#big']);
    cache.remember(ev('update', {}, 'u'));
    expect(cache.size).toBe(51);
  });

  it('keeps no rows with a limit of 0, and never more than MAX_CACHED_ROWS', () => {
    const cache = new ReplayCache();
    cache.setLimit(0);
    cache.remember(ev('meta'));
    cache.remember(batch(3, 'b'));
    expect(names(cache)).toEqual(['meta']);
    cache.setLimit(10_000_000);
    for (let i = 0; i < 3; i++) cache.remember(batch(100_000, `b${i}`));
    expect(cache.size).toBe(200_000);
  });

  it('drops the rows on looped and started, and everything on reset', () => {
    const cache = new ReplayCache();
    cache.setLimit(100);
    cache.remember(ev('meta'));
    cache.remember(batch(2, 'b1'));
    cache.remember(ev('looped', { pass: 1 }, 'l'));
    cache.remember(batch(2, 'b2'));
    expect(names(cache)).toEqual(['meta', 'looped#l', 'batch#b2']);
    cache.remember(ev('started', {}, 's'));
    expect(names(cache)).toEqual(['meta', 'started#s']);
    cache.remember(ev('reset'));
    expect(cache.replay()).toEqual([]);
  });
});
