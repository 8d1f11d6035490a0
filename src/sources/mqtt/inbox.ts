/**
 * Messages between the MQTT client (push, one callback per packet) and the stream (pull, all that
 * is waiting at once). When `capacity` items wait, new ones are still taken but their `release`
 * (which lets the client read the next packet from the socket) is held back until the stream has
 * taken them: the broker then waits instead of memory growing.
 */
export class Inbox<T> {
  private items: T[] = [];
  private held: (() => void)[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  push(item: T, release?: () => void): void {
    this.items.push(item);
    if (release) {
      if (this.items.length < this.capacity) release();
      else this.held.push(release);
    }
    this.notify();
  }

  /** Wakes a waiting `takeAll` (on abort, say). */
  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Everything waiting; waits for at least one item unless `signal` has aborted. */
  async takeAll(signal: AbortSignal): Promise<T[]> {
    while (this.items.length === 0 && !signal.aborted) await new Promise<void>((resolve) => (this.wake = resolve));
    const items = this.items;
    this.items = [];
    const held = this.held;
    this.held = [];
    for (const release of held) release();
    return items;
  }
}
