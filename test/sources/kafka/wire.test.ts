import { describe, expect, it } from 'vitest';
import { eachText, NULL_VALUE, packBatch, TOO_LARGE } from '../../../src/sources/kafka/wire.js';

const message = (value: string | null, offset: number, timestamp = 0) => ({
  value: value === null ? null : Buffer.from(value, 'utf8'),
  offset: String(offset),
  timestamp: String(timestamp),
});

function texts(batch: ReturnType<typeof packBatch>): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  eachText(batch, (text, i) => (out[i] = text));
  return out;
}

describe('packed Kafka batches', () => {
  it('carry values back to back with their offsets, and give them back as text', () => {
    const batch = packBatch(3, [message('{"a":1}', 40), message('{"a":22}', 41), message('[1,2]', 43)], 1024, false);
    expect(batch.partition).toBe(3);
    expect(Buffer.from(batch.bytes).toString()).toBe('{"a":1}{"a":22}[1,2]');
    expect([...batch.offsets]).toEqual([40, 41, 43]);
    expect(batch.timestamps).toBeUndefined();
    expect(texts(batch)).toEqual(['{"a":1}', '{"a":22}', '[1,2]']);
  });

  it('mark null and oversized values, which carry no bytes', () => {
    const batch = packBatch(0, [message(null, 1), message('x'.repeat(2000), 2), message('ok', 3)], 1024, false);
    expect([...batch.lengths]).toEqual([NULL_VALUE, TOO_LARGE, 2]);
    expect(batch.bytes.length).toBe(2);
    expect(texts(batch)).toEqual([undefined, undefined, 'ok']);
  });

  it('decode UTF-8 per message when a batch is not all ASCII, keeping the boundaries', () => {
    const batch = packBatch(0, [message('{"t":"é"}', 1), message('{"t":"日本"}', 2), message('{"t":"x"}', 3)], 1024, false);
    expect(texts(batch)).toEqual(['{"t":"é"}', '{"t":"日本"}', '{"t":"x"}']);
  });

  it('carry the Kafka timestamps when asked', () => {
    const batch = packBatch(0, [message('a', 1, 1_700_000_000_123), message('b', 2, 1_700_000_000_456)], 1024, true);
    expect([...batch.timestamps!]).toEqual([1_700_000_000_123, 1_700_000_000_456]);
  });
});
