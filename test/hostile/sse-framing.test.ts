import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';

const NASTY = [
  'carriage\rreturn',
  'line\nfeed',
  'both\r\nat once',
  'line\u2028separator and paragraph\u2029separator',
  'colon: after a name',
  ': looks like a comment',
  'data: injected\n\nevent: end\ndata: {"reason":"shutdown"}',
  'id: 0badc0de.9\nretry: 1',
  'nul\u0000byte',
  'emoji 😀 and é',
];

function csvCell(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

let daemon: TestDaemon;
beforeAll(async () => {
  const lines = ['timestamp,value,text'];
  NASTY.forEach((text, i) => {
    lines.push(`2024-01-01 00:0${i}:00,${i},${csvCell(text)}`);
  });
  daemon = await startTestDaemon({
    streams: [
      {
        id: 'nasty',
        title: 'Title with\nnewline: and <b>markup</b>',
        source: { type: 'csv', file: 'nasty.csv', rate: 40 },
        columns: ['timestamp', 'value', { column: 'text', type: 'text', as: 'text: with\u2028odd name' }],
      },
    ],
    files: { 'nasty.csv': `${lines.join('\n')}\n` },
  });
});
afterAll(() => daemon?.stop());

describe('SSE framing of hostile values', () => {
  it('round-trips CR, LF, U+2028, colons and fake fields exactly through a spec-following parser', async () => {
    const received: { type: string; data: string; id: string }[] = [];
    const source = new EventSource(`${daemon.url}/api/streams/nasty/events`);
    for (const type of ['meta', 'started', 'update', 'batch', 'jobfinished', 'end', 'message', 'reset']) {
      source.addEventListener(type, (e) => received.push({ type, data: (e as MessageEvent).data, id: (e as MessageEvent).lastEventId }));
    }
    try {
      await expect.poll(() => received.some((r) => r.type === 'jobfinished'), { timeout: 10_000 }).toBe(true);
    } finally {
      source.close();
    }
    const texts = received.filter((r) => r.type === 'update').map((r) => JSON.parse(r.data)['text: with\u2028odd name']);
    expect(texts).toEqual(NASTY);
    // nothing the values contain became an event, a field or an id
    expect(received.map((r) => r.type)).not.toContain('end');
    expect(received.map((r) => r.type)).not.toContain('message');
    const meta = JSON.parse(received.find((r) => r.type === 'meta')!.data);
    expect(meta.title).toBe('Title with\nnewline: and <b>markup</b>');
    for (const r of received) expect(r.id).toMatch(/^[0-9a-f]{8}\.\d+(\.\d+)?$/);
  });

  it('never puts CR, LF or NUL into an id line', async () => {
    const res = await fetch(`${daemon.url}/api/streams/nasty/events`);
    const reader = res.body!.getReader();
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!text.includes('event: jobfinished') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    const idLines = text.split('\n').filter((l) => l.startsWith('id:'));
    expect(idLines.length).toBeGreaterThan(NASTY.length);
    for (const line of idLines) expect(line).toMatch(/^id: [0-9a-f]{8}\.\d+(\.\d+)?$/);
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\0');
  });
});
