import { describe, expect, it } from 'vitest';
import { replayText, stateText } from '../../src/ui/status-text.js';

const figures = { sourceMessage: '', skipped: 0, pass: 0, rowsPerSecond: 0, pendingRows: 0 };

describe('the badge and a replay an operator controls', () => {
  it('says paused and the speed; nothing at ×1 while playing', () => {
    expect(replayText({ state: 'paused', speed: 10 })).toBe('replay paused ×10');
    expect(replayText({ state: 'paused', speed: 1 })).toBe('replay paused');
    expect(replayText({ state: 'playing', speed: 0.5 })).toBe('×0.5');
    expect(replayText({ state: 'playing', speed: 1 })).toBe('');
    expect(replayText(null)).toBe('');
  });

  it('adds it to the live (and the view-paused) state, in the live region', () => {
    expect(stateText('live', { ...figures, replay: { state: 'paused', speed: 10 } })).toBe('live · replay paused ×10');
    expect(stateText('paused', { ...figures, replay: { state: 'playing', speed: 10 } })).toBe('paused · ×10');
    expect(stateText('live', { ...figures, replay: null })).toBe('live');
    expect(stateText('finished', { ...figures, replay: { state: 'paused', speed: 10 } })).toBe('finished');
  });
});
