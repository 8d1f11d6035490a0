/**
 * A bounded queue between a push-based producer (a Kafka consumer's callback) and a pull-based
 * reader (an async iterator). `push` waits while the queue is full, which makes the producer stop
 * fetching instead of growing memory; `fail` ends the reader with an error after what is queued.
 */
export class AsyncQueue<T> {
  private items: T[] = [];
  private head = 0;
  /** Sum of the items' weights (their count, unless a `weigh` function says otherwise). */
  private weight = 0;
  private closed = false;
  private failure: { error: unknown } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriters: (() => void)[] = [];

  constructor(
    private readonly capacity: number,
    private readonly weigh: (item: T) => number = () => 1,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  private get full(): boolean {
    return this.weight >= this.capacity;
  }

  /** Adds an item; resolves when there is room (at once unless the queue is full). */
  async push(item: T): Promise<void> {
    while (this.full && !this.closed) {
      await new Promise<void>((resolve) => this.wakeWriters.push(resolve));
    }
    if (this.closed) return;
    this.items.push(item);
    this.weight += this.weigh(item);
    this.wake();
  }

  /** No more items: the reader finishes after the queued ones. */
  close(): void {
    this.closed = true;
    this.wake();
    this.releaseWriters();
  }

  /** The reader throws `error` after the queued items. */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.size > 0) {
        const item = this.items[this.head]!;
        this.items[this.head++] = undefined as T;
        this.weight -= this.weigh(item);
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        if (this.wakeWriters.length > 0 && !this.full) this.releaseWriters();
        yield item;
      } else if (this.failure) {
        throw this.failure.error;
      } else if (this.closed) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
      }
    }
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = undefined;
    wake?.();
  }

  private releaseWriters(): void {
    const writers = this.wakeWriters;
    this.wakeWriters = [];
    for (const resolve of writers) resolve();
  }
}
