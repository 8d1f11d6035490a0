import { describe, it } from 'vitest';

/**
 * Runs `body` as a describe block when `missing` is undefined. Otherwise, on a user's machine, the
 * block is skipped with a one-line reason; under CI (CI=true) the absence is a failing test.
 */
export function describeIfAvailable(name: string, missing: string | undefined, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
  } else if (process.env.CI === 'true' || process.env.CI === '1') {
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
