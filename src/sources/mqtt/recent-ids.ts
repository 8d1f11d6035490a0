/** The last `capacity` message ids seen (per topic), to drop the redeliveries QoS 1 allows. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when `topic` already carried `id` among the recent messages; else remembers it. */
  seen(topic: string, id: unknown): boolean {
    const key = `${topic}\u0000${typeof id === 'string' ? id : JSON.stringify(id)}`;
    if (this.ids.has(key)) return true;
    this.ids.add(key);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!); // oldest first
    return false;
  }
}
