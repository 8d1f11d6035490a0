import { describe, it } from 'vitest';

const underCi = () => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Runs `body` as a describe block when `missing` is undefined. Otherwise, on a user's machine, the
 * block is skipped with a one-line reason; under CI (CI=true) the absence is a failing test.
 */
export function describeIfAvailable(name: string, missing: string | undefined, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
  } else if (underCi()) {
    describe(name, () => {
      it('has what it needs', () => {
        throw new Error(`${missing} (required under CI)`);
      });
    });
  } else {
    process.stderr.write(`skipping "${name}": ${missing}\n`);
    describe.skip(name, body);
  }
}

/**
 * One test that needs something the others of its file do not (a broker it may restart, say):
 * runs when `missing` is undefined; else skipped with the reason on a user's machine, and a
 * failure under CI. Never a silent `it.runIf`.
 */
export function itIfAvailable(name: string, missing: string | undefined, body: () => Promise<void>, timeout?: number): void {
  if (missing === undefined) {
    it(name, body, timeout);
  } else if (underCi()) {
    it(name, () => {
      throw new Error(`${missing} (required under CI)`);
    });
  } else {
    process.stderr.write(`skipping "${name}": ${missing}\n`);
    it.skip(name, body);
  }
}
