export { DurableStore } from './durable-store.js';
export { StoreError } from './errors.js';
export type { StreamHistory } from './stream-history.js';
export type * from './types.js';
