import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * One DuckDB connection used by one caller at a time: a transaction (BEGIN … COMMIT) must not
 * interleave with another caller's statements on the same connection.
 */
export class SerialConnection {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly connection: DuckDBConnection) {}

  /** Runs `job` after every job queued before it; its failure is its caller's alone. */
  use<T>(job: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => job(this.connection));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Waits for the queued jobs. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
