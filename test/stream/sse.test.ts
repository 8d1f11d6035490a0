import { describe, expect, it } from 'vitest';
import { formatEvent, formatRetry, HEARTBEAT, SSE_HEADERS } from '../../src/stream/sse.js';
import { formatEventId, newRunId, parseEventId } from '../../src/stream/run-ids.js';

describe('formatEvent', () => {
  it('writes id, event and data lines and a blank line', () => {
    expect(formatEvent('ab.1', 'update', '{"a":1}')).toBe('id: ab.1\nevent: update\ndata: {"a":1}\n\n');
  });
  it('splits data with line breaks into several data lines', () => {
    expect(formatEvent('1', 'x', 'a\nb\r\nc\rd')).toBe('id: 1\nevent: x\ndata: a\ndata: b\ndata: c\ndata: d\n\n');
    expect(formatEvent(undefined, 'streams', '{}')).toBe('event: streams\ndata: {}\n\n'); // no id line: the client's last id stays
  });
  it('refuses ids and names with line breaks or NUL', () => {
    expect(() => formatEvent('a\nb', 'x', '')).toThrow(new TypeError('SSE id and event name must not contain CR, LF or NUL'));
    expect(() => formatEvent('a\0', 'x', '')).toThrow(TypeError);
    expect(() => formatEvent('a', 'x\r', '')).toThrow(TypeError);
  });
});

describe('the event stream response', () => {
  it('is never cached, buffered by a proxy or kept alive past its end, and its heartbeat is a comment', () => {
    expect(SSE_HEADERS).toEqual({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      Connection: 'close',
    });
    expect(HEARTBEAT.toString()).toBe(': heartbeat\n\n');
  });
});

describe('formatRetry', () => {
  it('writes a whole number of milliseconds', () => {
    expect(formatRetry(2500.4)).toBe('retry: 2500\n\n');
  });
});

describe('event ids', () => {
  it('round-trip', () => {
    const run = newRunId();
    expect(parseEventId(formatEventId(run, 42))).toEqual({ run, seq: 42 });
  });
  it('reject garbage, huge and malformed ids', () => {
    for (const text of [
      '',
      'abc',
      'x0123abcd.1',
      '0123abcd.1x',
      'zzzzzzzz.1',
      '0123abcd.',
      '0123abcd.-1',
      `0123abcd.${'9'.repeat(30)}`,
      'x'.repeat(5000),
    ]) {
      expect(parseEventId(text), text.slice(0, 20)).toBeUndefined();
    }
  });
});

describe('encodeJsonEvent', () => {
  it('frames JSON data exactly as the general framing does, without scanning it, and checks id and name', async () => {
    const { encodeJsonEvent, encodeEvent } = await import('../../src/stream/sse.js');
    for (const value of [{ text: 'a\r\nb\u2028c' }, { t: ['é', '😀'], y: [[1.5, null]] }, 'x'.repeat(100_000)]) {
      const data = JSON.stringify(value);
      expect(encodeJsonEvent('r.1', 'update', data).equals(encodeEvent('r.1', 'update', data))).toBe(true);
    }
    expect(() => encodeJsonEvent('r\n1', 'update', '{}')).toThrow(new TypeError('SSE id and event name must not contain CR, LF or NUL'));
    expect(() => encodeJsonEvent('r\u00001', 'update', '{}')).toThrow(TypeError);
    expect(() => encodeJsonEvent('r.1', 'up\rdate', '{}')).toThrow(TypeError);
  });
});
