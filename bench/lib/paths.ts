import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ is two levels below it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));
export const daemonBin = fileURLToPath(new URL('../../bin/realtime-graph.js', import.meta.url));
export const defaultConfig = fileURLToPath(new URL('../../config/default.yaml', import.meta.url));
export const largeCsv = fileURLToPath(new URL('../../data/generated/pump_large.csv', import.meta.url));
export const benchDir = fileURLToPath(new URL('../', import.meta.url));
