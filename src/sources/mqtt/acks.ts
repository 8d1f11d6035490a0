// The QoS 1 messages whose PUBACK waits until their rows are stored (a stream with a fixed client
// id): the broker keeps an unacknowledged message in the session and sends it again after a crash.
//
// Messages are numbered in the order they arrive (`seq`); `commit(n)` says the rows of the messages
// up to n are stored. PUBACKs go out in arrival order (MQTT-4.6.0-2), so a message with no row of
// its own (malformed, a duplicate, none of the stream's columns) waits for nothing but the messages
// before it. After a reconnect on a resumed session the broker sends every unacknowledged message
// again, in order, with the same packet id: that is a message already taken, not a new one.

interface Held {
  /** The packet id, unique among the broker's unacknowledged messages to this client. */
  id: number;
  /** Acknowledged once the rows up to this message number are committed; -Infinity: it has no row. */
  seq: number;
  /** Taken on the current connection (or sent again on it): a PUBACK now refers to it. */
  live: boolean;
}

export class Acks {
  private queue: Held[] = [];
  private head = 0;
  private readonly byId = new Map<number, Held>();
  private upTo = Number.NEGATIVE_INFINITY;
  /** Held messages taken on an earlier connection, not yet sent again. */
  private stale = 0;
  private readonly waiting: (() => void)[] = [];

  /**
   * @param limit at most this many messages are held; the next one is not read until one is acknowledged
   * @param send sends the PUBACK of a packet id; false when it cannot now (no connection)
   */
  constructor(
    private readonly limit: number,
    private readonly send: (id: number) => boolean,
  ) {}

  /** Messages waiting for their PUBACK. */
  get size(): number {
    return this.byId.size;
  }

  /**
   * A QoS 1 PUBLISH: packet `id`, message number `seq`. Returns the entry to settle later, or
   * undefined when it is the broker sending again a message already taken (not a new message).
   */
  take(id: number, seq: number): Held | undefined {
    const known = this.byId.get(id);
    if (known) {
      if (!known.live) {
        // Resent in order: the held messages before it that were not resent will not be.
        this.dropStale(known);
        known.live = true;
        this.stale--;
        this.flush();
      }
      return undefined;
    }
    this.dropStale(undefined); // a new message comes after everything resent
    const held: Held = { id, seq, live: true };
    this.queue.push(held);
    this.byId.set(id, held);
    return held;
  }

  /** The message makes no row: it is acknowledged as soon as the messages before it are. */
  settle(held: Held): void {
    held.seq = Number.NEGATIVE_INFINITY;
    this.flush();
  }

  /** The rows of the messages up to number `seq` are stored. */
  commit(seq: number): void {
    if (seq > this.upTo) this.upTo = seq;
    this.flush();
  }

  /** Calls `release` (which reads the next packet) once fewer than `limit` messages are held. */
  whenRoom(release: () => void): void {
    if (this.byId.size < this.limit) release();
    else this.waiting.push(release);
  }

  /**
   * Connected again. Without a session the broker forgot the held messages (nothing to acknowledge);
   * with one, it sends them again, and a PUBACK waits for that.
   */
  connected(sessionPresent: boolean): void {
    if (!sessionPresent) {
      this.queue = [];
      this.head = 0;
      this.byId.clear();
      this.stale = 0;
      this.releaseWaiting();
      return;
    }
    for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.live = false;
    this.stale = this.byId.size;
  }

  /** Sends the PUBACKs that are due, oldest first. */
  private flush(): void {
    while (this.head < this.queue.length) {
      const held = this.queue[this.head]!;
      if (!held.live || held.seq > this.upTo || !this.send(held.id)) break;
      this.byId.delete(held.id);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.releaseWaiting();
  }

  /** Forgets the messages the broker did not send again: before `until`, or all of them. */
  private dropStale(until: Held | undefined): void {
    if (this.stale === 0) return;
    let end = this.queue.length;
    if (until) end = this.queue.indexOf(until, this.head);
    let dropped = false;
    for (let i = this.head; i < end; i++) {
      const held = this.queue[i]!;
      if (held.live) continue;
      this.byId.delete(held.id);
      this.stale--;
      dropped = true;
    }
    if (dropped) {
      this.queue = this.queue.slice(this.head).filter((held) => this.byId.get(held.id) === held);
      this.head = 0;
    }
  }

  private releaseWaiting(): void {
    while (this.waiting.length > 0 && this.byId.size < this.limit) this.waiting.shift()!();
  }
}
