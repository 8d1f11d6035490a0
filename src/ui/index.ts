import { RealtimeGraph } from './realtime-graph.js';

export { RealtimeGraph };
export type * from './graph-events.js';

if (!customElements.get('realtime-graph')) customElements.define('realtime-graph', RealtimeGraph);
