// Backtests of a daemon run one at a time (each takes a CPU core for up to a couple of seconds),
// and an answer asked again (the same stream config and query) comes from a small cache.

/** Runs jobs one after another, keeps the last results by key, and shares a job in progress. */
export class BacktestQueue<T> {
  private tail: Promise<unknown> = Promise.resolve();
  /** Jobs running or waiting to. */
  private pending = 0;
  private readonly results = new Map<string, Promise<T>>();

  constructor(
    /** Results kept (the least recently asked is dropped first). */
    private readonly maxResults = 16,
    /** Jobs running or waiting at most; one more is refused. */
    private readonly maxPending = 4,
  ) {}

  /**
   * The result for `key`: kept, in progress, or from `job` once the jobs before it are done.
   * Undefined when too many jobs are pending already. A job that fails is not kept.
   */
  get(key: string, job: () => Promise<T>): Promise<T> | undefined {
    const known = this.results.get(key);
    if (known) {
      this.results.delete(key); // to the newest end
      this.results.set(key, known);
      return known;
    }
    if (this.pending >= this.maxPending) return undefined;
    this.pending++;
    const result = this.tail.then(job).finally(() => this.pending--);
    this.tail = result.catch(() => {});
    this.results.set(key, result);
    result.catch(() => {
      if (this.results.get(key) === result) this.results.delete(key);
    });
    for (const oldest of this.results.keys()) {
      if (this.results.size <= this.maxResults) break;
      this.results.delete(oldest);
    }
    return result;
  }
}
