import { defineConfig } from 'vitest/config';

// The unit tests of the folders that mutation testing covers (stryker.config.mjs, or --mutate for
// config, backtest and the element's pure modules): fast, in
// process, no daemon, browser or broker.
export default defineConfig({
  test: {
    include: [
      'test/stream/**/*.test.ts',
      'test/pipeline/**/*.test.ts',
      'test/values/**/*.test.ts',
      'test/store/**/*.test.ts',
      'test/config/**/*.test.ts',
      'test/backtest/**/*.test.ts',
      'test/ui/**/*.test.ts',
      'test/sources/replay-control.test.ts',
    ],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
