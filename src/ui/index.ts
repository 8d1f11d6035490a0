import { RealtimeGraph } from './realtime-graph.js';

export { RealtimeGraph };
export type { GraphDataDetail, GraphStatus, GraphStatusDetail } from './realtime-graph.js';

if (!customElements.get('realtime-graph')) customElements.define('realtime-graph', RealtimeGraph);
