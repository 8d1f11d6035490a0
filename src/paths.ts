import { fileURLToPath } from 'node:url';

// Files of the package, found from this module: it is one level below the package's root, in src/
// or (bundled) in dist/.

/** The demo config, used when none is named and there is no ./config/default.yaml. */
export const bundledConfig = fileURLToPath(new URL('../config/default.yaml', import.meta.url));
/** The element's bundle and the demo page (built by scripts/build.mjs). */
export const publicDir = fileURLToPath(new URL('../dist/public', import.meta.url));
