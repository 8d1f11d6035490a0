import { messageOf } from './errors.js';
import type { StoreLogger } from './types.js';

/**
 * Whether the store still writes. The first write error (disk full, an I/O error) fails the whole
 * store, with one log line: DuckDB invalidates a database after a failed write, and the same disk
 * is under every stream. Writes are then discarded; the live streams go on in memory.
 */
export class StoreHealth {
  private failure: string | undefined;
  writeErrors = 0;
  /** Rows the writers discarded since the failure. */
  discardedRows = 0;

  constructor(
    private readonly file: string,
    private readonly logger: StoreLogger,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  fail(error: unknown): void {
    this.writeErrors++;
    if (this.failure !== undefined) return;
    this.failure =
      `Cannot write the store ${this.file} (${messageOf(error)}): history is kept in memory only until the daemon ` +
      'is restarted with space on the disk and a writable file.';
    this.logger.error({ path: this.file, err: messageOf(error) }, this.failure);
  }

  report(): { ok: boolean; message?: string } {
    return this.failure === undefined ? { ok: true } : { ok: false, message: this.failure };
  }
}
