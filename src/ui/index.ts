import { RgBacktestLanes } from './backtest/backtest-lanes.js';
import { RealtimeDashboard } from './dashboard/realtime-dashboard.js';
import { RgStateTile } from './dashboard/state-tile.js';
import { RgValueTile } from './dashboard/value-tile.js';
import { RealtimeGraph } from './realtime-graph.js';
import { RgSeries } from './rg-series.js';

export { RealtimeDashboard, RealtimeGraph, RgBacktestLanes, RgSeries, RgStateTile, RgValueTile };
export type * from './graph-events.js';

// The series first: a chart upgraded after them finds its children defined.
if (!customElements.get('rg-series')) customElements.define('rg-series', RgSeries);
if (!customElements.get('rg-backtest-lanes')) customElements.define('rg-backtest-lanes', RgBacktestLanes);
if (!customElements.get('realtime-graph')) customElements.define('realtime-graph', RealtimeGraph);
if (!customElements.get('rg-value-tile')) customElements.define('rg-value-tile', RgValueTile);
if (!customElements.get('rg-state-tile')) customElements.define('rg-state-tile', RgStateTile);
if (!customElements.get('realtime-dashboard')) customElements.define('realtime-dashboard', RealtimeDashboard);
