/** The key of a message id on its topic (an id is unique per topic). */
export const idKey = (topic: string, id: unknown): string => `${topic}\u0000${typeof id === 'string' ? id : JSON.stringify(id)}`;

/** The last `capacity` message ids seen (per topic), to drop the redeliveries QoS 1 allows. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when `key` (an `idKey`) was among the recent messages; else remembers it. */
  seen(key: string): boolean {
    if (this.ids.has(key)) return true;
    this.ids.add(key);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!); // oldest first
    return false;
  }
}

/** The newest `capacity` keys, oldest first: the ids a source's position carries across a restart. */
export class LastIds {
  private readonly keys: string[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(key: string): void {
    if (this.keys.length < this.capacity) this.keys.push(key);
    else {
      this.keys[this.next] = key;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  list(): string[] {
    return this.next === 0 ? this.keys.slice() : [...this.keys.slice(this.next), ...this.keys.slice(0, this.next)];
  }
}
