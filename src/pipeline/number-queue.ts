/**
 * A FIFO of numbers that can also be popped at the back (for monotonic deques): a growable ring
 * of a Float64Array, so pushing and shifting allocate nothing once it has grown to the window.
 */
export class NumberQueue {
  private data: Float64Array;
  private head = 0;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(Math.max(2, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.slot(this.length)] = value;
    this.length++;
  }

  shift(): number {
    const value = this.data[this.head]!;
    this.head = this.slot(1);
    this.length--;
    return value;
  }

  popBack(): number {
    this.length--;
    return this.data[this.slot(this.length)]!;
  }

  front(): number {
    return this.data[this.head]!;
  }

  back(): number {
    return this.data[this.slot(this.length - 1)]!;
  }

  /** The i-th value from the front. */
  at(i: number): number {
    return this.data[this.slot(i)]!;
  }

  /** The index in `data` of the i-th value from the front (0 ≤ i ≤ capacity): a wrap, not a `%`. */
  private slot(i: number): number {
    const at = this.head + i;
    return at >= this.data.length ? at - this.data.length : at;
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = this.at(i);
    this.data = next;
    this.head = 0;
  }
}
