import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Why a small tmpfs (a disk that really fills up) cannot be mounted here; undefined when it can. */
export function tmpfsMissing(): string | undefined {
  const probe = join(tmpdir(), `rtg-mount-probe-${process.pid}`);
  try {
    mkdirSync(probe, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'mounting a small tmpfs (a full disk) is not permitted here (it needs root)';
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/**
 * A test that needs a privilege of the machine rather than a tool (mounting a filesystem needs
 * root and CAP_SYS_ADMIN, which CI cannot install): run when `missing` is undefined, else skipped
 * with the reason, here and under CI alike.
 */
export function itIfPermitted(name: string, missing: string | undefined, body: () => Promise<void>, timeout?: number): void {
  if (missing === undefined) {
    it(name, body, timeout);
    return;
  }
  process.stderr.write(`skipping "${name}": ${missing}\n`);
  it.skip(name, body);
}
