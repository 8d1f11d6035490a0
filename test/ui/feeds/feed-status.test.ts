import { describe, expect, it } from 'vitest';
import { initialFeed, type FeedState, type FeedStatus } from '../../../src/ui/feed-reducer.js';
import { combinedStatus, statusDetail, type FeedFigures } from '../../../src/ui/feeds/feed-status.js';
import { streamsText } from '../../../src/ui/status-text.js';

const feed = (stream: string, status: FeedStatus, over: Partial<FeedFigures> = {}, state: Partial<FeedState> = {}): FeedFigures => ({
  stream,
  state: { ...initialFeed, status, ...state },
  rowsPerSecond: 0,
  lag: 0,
  pending: 0,
  alerts: 0,
  ...over,
});

describe('combinedStatus', () => {
  it('is live while any stream is live, and otherwise the best of the others', () => {
    expect(combinedStatus(['error', 'live'])).toBe('live');
    expect(combinedStatus(['connecting', 'reconnecting'])).toBe('reconnecting');
    expect(combinedStatus(['error', 'finished'])).toBe('finished');
    expect(combinedStatus(['idle', 'error'])).toBe('error');
    expect(combinedStatus([])).toBe('idle');
  });
});

describe('statusDetail', () => {
  it('gives one stream’s own figures, and its entry in `streams`', () => {
    const detail = statusDetail([feed('pump-1', 'live', { rowsPerSecond: 10, lag: 30, pending: 2, alerts: 1 }, { pass: 1 })], false);
    expect(detail).toEqual({
      state: 'live',
      rowsPerSecond: 10,
      lag: 30,
      pending: 2,
      alerts: 1,
      progress: null,
      pass: 1,
      replay: null,
      message: null,
      skipped: 0,
      streams: [{ stream: 'pump-1', state: 'live', rowsPerSecond: 10, lag: 30, pending: 2, alerts: 1, message: null }],
    });
  });

  it('sums rates and pending rows of several streams, takes the largest lag, and names the one that failed and why', () => {
    const detail = statusDetail(
      [
        feed('pump-1', 'live', { rowsPerSecond: 10.04, lag: 20, pending: 1 }),
        feed('pump-2', 'live', { rowsPerSecond: 999.9, lag: 80, pending: 50 }),
        feed('gone', 'idle', {}, { error: 'the stream does not exist on the server', stopReason: 'removed' }),
      ],
      true,
    );
    expect([detail.state, detail.rowsPerSecond, detail.lag, detail.pending]).toEqual(['paused', 1009.9, 80, 51]);
    expect(detail.streams.map((s) => [s.stream, s.state, s.message])).toEqual([
      ['pump-1', 'paused', null],
      ['pump-2', 'paused', null],
      ['gone', 'error', 'the stream does not exist on the server'],
    ]);
    expect(streamsText(detail.streams)).toBe('pump-1 paused · pump-2 paused · gone failed');
  });
});
