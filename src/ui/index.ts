import { RealtimeGraph } from './realtime-graph.js';
import { RgSeries } from './rg-series.js';

export { RealtimeGraph, RgSeries };
export type * from './graph-events.js';

// The series first: a chart upgraded after them finds its children defined.
if (!customElements.get('rg-series')) customElements.define('rg-series', RgSeries);
if (!customElements.get('realtime-graph')) customElements.define('realtime-graph', RealtimeGraph);
