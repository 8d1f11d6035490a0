import { RealtimeGraph } from './realtime-graph.js';

export { RealtimeGraph };

if (!customElements.get('realtime-graph')) customElements.define('realtime-graph', RealtimeGraph);
