import { describe, expect, it } from 'vitest';
import { backtestUrl } from '../../../src/ui/backtest/backtest-query.js';

describe('backtestUrl', () => {
  it('asks the stream of the server with the token, and nothing else when no rule is tried', () => {
    expect(backtestUrl({ server: 'https://d.example.com/rtg', token: 'tok' }, 'pump watch', [], 'https://page.example.com/')).toBe(
      'https://d.example.com/rtg/api/streams/pump%20watch/backtest?access_token=tok',
    );
    expect(backtestUrl({ server: '', token: '' }, 'pump-watch', [], 'http://127.0.0.1:5001/page')).toBe(
      'http://127.0.0.1:5001/api/streams/pump-watch/backtest',
    );
  });

  it('sends each tried rule as rule.<name>.above|below, .for and .resolve (those not empty), in order', () => {
    const url = backtestUrl(
      { server: '', token: '' },
      'pump-watch',
      [
        ['motor-current-low', { side: 'below', value: ' -2.5 ', for: '2m', resolve: '-0.5' }],
        ['score high', { side: 'above', value: '0.7', for: '', resolve: ' ' }],
      ],
      'http://127.0.0.1:5001/',
    );
    expect(url).toBe(
      'http://127.0.0.1:5001/api/streams/pump-watch/backtest?rule.motor-current-low.below=-2.5&rule.motor-current-low.for=2m&rule.motor-current-low.resolve=-0.5&rule.score+high.above=0.7',
    );
    expect([...new URL(url).searchParams]).toEqual([
      ['rule.motor-current-low.below', '-2.5'],
      ['rule.motor-current-low.for', '2m'],
      ['rule.motor-current-low.resolve', '-0.5'],
      ['rule.score high.above', '0.7'],
    ]);
  });
});
