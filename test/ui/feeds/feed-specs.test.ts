import { describe, expect, it } from 'vitest';
import { columnEntries, feedSpecs, seriesLabel, streamColumns, type FeedAttributes } from '../../../src/ui/feeds/feed-specs.js';

const PAGE = 'http://page.test/app/';
const attrs = (over: Partial<FeedAttributes> = {}): FeedAttributes => ({
  server: '',
  token: '',
  stream: '',
  streams: '',
  columns: '',
  ...over,
});
const brief = (specs: ReturnType<typeof feedSpecs>) => specs.map((s) => [s.stream, s.address.server, s.address.token, s.columns]);

describe('feedSpecs', () => {
  it('makes one feed of `stream`, drawing `columns` (every column when it is empty)', () => {
    expect(brief(feedSpecs(attrs({ stream: 'pump-1', columns: 'a, b' }), [], PAGE))).toEqual([['pump-1', '', '', ['a', 'b']]]);
    expect(brief(feedSpecs(attrs({ stream: 'pump-1', columns: ' , ' }), [], PAGE))).toEqual([['pump-1', '', '', null]]);
    expect(feedSpecs(attrs(), [], PAGE)).toEqual([]);
  });

  it('makes one feed per id of `streams` (trimmed, once each), all drawing `columns`, instead of `stream`', () => {
    const specs = feedSpecs(attrs({ stream: 'ignored', streams: ' pump-1, pump-2,,pump-1 ', columns: 'a' }), [], PAGE);
    expect(brief(specs)).toEqual([
      ['pump-1', '', '', ['a']],
      ['pump-2', '', '', ['a']],
    ]);
    expect(new Set(specs.map((s) => s.key)).size).toBe(2);
  });

  it('gives a `stream · column` entry of `columns` to that stream only, a plain name to every stream', () => {
    const specs = feedSpecs(attrs({ streams: 'pump-1,pump-2', columns: 'pump-2 · b,a,pump-1 · c' }), [], PAGE);
    expect(brief(specs)).toEqual([
      ['pump-1', '', '', ['a', 'c']],
      ['pump-2', '', '', ['b', 'a']],
    ]);
  });

  it('groups <rg-series> children by stream and daemon, in their order, children inheriting the chart’s daemon and token', () => {
    const specs = feedSpecs(
      attrs({ server: 'http://a.test', token: 't1', streams: 'not-used', columns: 'not-used' }),
      [
        { stream: 'pump-1', column: 'a', server: null, token: null },
        { stream: 'pump-1', column: 'b', server: 'http://b.test', token: 't2' },
        { stream: 'pump-1', column: 'c', server: null, token: null },
        { stream: '', column: '', server: 'http://b.test', token: null },
      ],
      PAGE,
    );
    expect(brief(specs)).toEqual([
      ['pump-1', 'http://a.test', 't1', ['a', 'c']],
      ['pump-1', 'http://b.test', 't2', ['b']],
    ]);
  });

  it('takes the chart’s stream for a child without one, and every column for a child without a column', () => {
    const specs = feedSpecs(attrs({ stream: 'pump-3', columns: 'x' }), [{ stream: '', column: ' ', server: null, token: null }], PAGE);
    expect(brief(specs)).toEqual([['pump-3', '', '', ['x']]]);
  });

  it('keys a stream of two daemons, or of one daemon with two tokens, apart', () => {
    const keys = [
      feedSpecs(attrs({ stream: 's' }), [], PAGE)[0]!.key,
      feedSpecs(attrs({ stream: 's', token: 'x' }), [], PAGE)[0]!.key,
      feedSpecs(attrs({ stream: 's', server: 'http://other.test' }), [], PAGE)[0]!.key,
    ];
    expect(new Set(keys).size).toBe(3);
  });
});

describe('columnEntries', () => {
  it('lists the names of a `columns` value, trimmed, empty ones dropped', () => {
    expect(columnEntries(' temp,, flow , ')).toEqual(['temp', 'flow']);
    for (const none of [undefined, null, '', ' , ']) expect(columnEntries(none)).toEqual([]);
  });
});

describe('streamColumns', () => {
  const streams = ['pump-1', 'pump-10'];

  it('asks every column of every stream without entries', () => {
    expect(streamColumns([], 'pump-1', streams)).toBeNull();
  });

  it('asks a plain name of every stream, and `stream · column` of that stream only, in the entries’ order', () => {
    const entries = ['pump-10 · a', 'b', 'pump-1 · c'];
    expect(streamColumns(entries, 'pump-1', streams)).toEqual(['b', 'c']);
    expect(streamColumns(entries, 'pump-10', streams)).toEqual(['a', 'b']);
  });

  it('asks nothing of a stream the entries all name others’ columns of', () => {
    expect(streamColumns(['pump-10 · a'], 'pump-1', streams)).toEqual([]);
  });

  it('takes an entry that names a stream not in the chart as a plain name', () => {
    expect(streamColumns(['pump-9 · a'], 'pump-1', streams)).toEqual(['pump-9 · a']);
  });
});

describe('seriesLabel', () => {
  it('names a series by its column alone in a chart of one stream, by stream and column in a chart of several', () => {
    expect([seriesLabel('pump-1', 'sensor_04', false), seriesLabel('pump-1', 'sensor_04', true)]).toEqual([
      'sensor_04',
      'pump-1 · sensor_04',
    ]);
  });
});
