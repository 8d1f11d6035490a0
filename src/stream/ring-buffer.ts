/**
 * A fixed-capacity FIFO that drops its oldest items when full, bounded both by item count and by
 * a caller-supplied size (bytes) so a burst of large items cannot grow memory without limit.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private readonly sizes: number[];
  private head = 0; // index of the oldest item
  private count = 0;
  private bytes = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
    this.sizes = new Array<number>(capacity).fill(0);
  }

  get length(): number {
    return this.count;
  }

  get size(): number {
    return this.bytes;
  }

  push(item: T, size = 0): void {
    if (this.count === this.capacity) this.shift();
    const index = (this.head + this.count) % this.capacity;
    this.items[index] = item;
    this.sizes[index] = size;
    this.count++;
    this.bytes += size;
    // Keep at least the newest item even if it alone exceeds maxBytes.
    while (this.bytes > this.maxBytes && this.count > 1) this.shift();
  }

  /** The i-th item, oldest first. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.capacity];
  }

  oldest(): T | undefined {
    return this.at(0);
  }

  newest(): T | undefined {
    return this.at(this.count - 1);
  }

  private shift(): void {
    this.bytes -= this.sizes[this.head]!;
    this.items[this.head] = undefined;
    this.sizes[this.head] = 0;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }
}
