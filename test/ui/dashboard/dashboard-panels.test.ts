import { describe, expect, it } from 'vitest';
import type { DashboardPanel } from '../../../src/protocol/dashboards.js';
import { panelKeys } from '../../../src/ui/dashboard/dashboard-panels.js';

const chart: DashboardPanel = { type: 'chart', streams: ['a'], layout: 'overlay', window: 600, x: 0, y: 0, w: 6, h: 4 };

describe('panelKeys', () => {
  it('are the same for a panel that only moved or changed size', () => {
    const [before] = panelKeys([chart]);
    const [after] = panelKeys([{ ...chart, x: 6, y: 3, w: 12, h: 9 }]);
    expect(after).toBe(before);
  });

  it('differ for a panel that draws something else', () => {
    const [before] = panelKeys([chart]);
    expect(panelKeys([{ ...chart, columns: ['x'] }])[0]).not.toBe(before);
    expect(panelKeys([{ ...chart, title: 'T' }])[0]).not.toBe(before);
    expect(panelKeys([{ ...chart, layout: 'stack' }])[0]).not.toBe(before);
  });

  it('tell apart panels defined alike', () => {
    const keys = panelKeys([chart, { ...chart, x: 6 }, { type: 'state', stream: 'a', w: 3, h: 2 }]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
