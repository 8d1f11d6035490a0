import { describe, expect, it } from 'vitest';
import { GraphEmitter } from '../../src/ui/graph-emitter.js';
import type { GraphStatusDetail } from '../../src/ui/graph-events.js';

const detail = (over: Partial<GraphStatusDetail> = {}): GraphStatusDetail => ({
  state: 'live',
  rowsPerSecond: 10,
  lag: 0,
  pending: 0,
  alerts: 0,
  progress: null,
  pass: 0,
  replay: null,
  message: null,
  skipped: 0,
  streams: [{ stream: 's', state: 'live', rowsPerSecond: 10, lag: 0, pending: 0, alerts: 0, message: null }],
  ...over,
});

describe('GraphEmitter', () => {
  it('fires rg-status only when the detail has news, lags counted to the tenth of a second', () => {
    const target = new EventTarget();
    const seen: GraphStatusDetail[] = [];
    target.addEventListener('rg-status', (e) => seen.push((e as CustomEvent<GraphStatusDetail>).detail));
    const emitter = new GraphEmitter(target);
    expect(emitter.status(detail())).toBe(true);
    expect(emitter.status(detail({ lag: 40 }))).toBe(false); // still 0.0 s
    expect(emitter.status(detail({ lag: 160 }))).toBe(true);
    const streamLag = detail({ lag: 160 });
    streamLag.streams[0]!.lag = 260; // one stream's own lag moved
    expect(emitter.status(streamLag)).toBe(true);
    expect(emitter.status(detail({ lag: 160, state: 'paused' }))).toBe(true);
    expect(seen.map((d) => [d.state, d.lag])).toEqual([
      ['live', 0],
      ['live', 160],
      ['live', 160],
      ['paused', 160],
    ]);
  });

  it('fires events that bubble out of the shadow root', () => {
    const target = new EventTarget();
    let event: CustomEvent | undefined;
    target.addEventListener('rg-error', (e) => (event = e as CustomEvent));
    new GraphEmitter(target).emit('rg-error', { message: 'x' });
    expect([event?.detail, event?.bubbles, event?.composed]).toEqual([{ message: 'x' }, true, true]);
  });
});
