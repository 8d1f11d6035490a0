import { defineConfig } from 'vitest/config';

// The unit tests of the folders that mutation testing covers (stryker.config.mjs): fast, in
// process, no daemon, browser or broker.
export default defineConfig({
  test: {
    include: ['test/stream/**/*.test.ts', 'test/pipeline/**/*.test.ts', 'test/values/**/*.test.ts', 'test/store/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
