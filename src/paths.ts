import { fileURLToPath } from 'node:url';

/** The package's root directory (this file is one level below it, in src/ or in dist/). */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export const bundledConfig = fileURLToPath(new URL('../config/default.yaml', import.meta.url));
export const bundledData = fileURLToPath(new URL('../data', import.meta.url));
export const publicDir = fileURLToPath(new URL('../dist/public', import.meta.url));
