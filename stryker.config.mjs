// Mutation testing of the stateful core: `npm run mutate` (several minutes; not part of `npm test`).
// Stryker 9.5: version 10 needs Node.js 22, and the project runs on Node.js 20.
// The report is written to reports/mutation/ (not committed).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/stream/**/*.ts', 'src/pipeline/**/*.ts', 'src/values/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  concurrency: 2,
  // The unit tests take milliseconds: a mutant still running 5 s past its normal time is an endless loop.
  timeoutMS: 5_000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
};
