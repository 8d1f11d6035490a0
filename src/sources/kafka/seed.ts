// A Kafka stream's history seed, in the consumer thread: where the messages of the seed window lie
// in each partition (found by Kafka message timestamp), and which fetched messages are seed
// (history only) rather than live.
import type { Admin, KafkaMessage } from 'kafkajs';
import type { HistorySeedRequest } from '../types.js';

/** Offsets [from, end) of one partition: the seed, read just before the live rows that start at `end`. */
export interface SeedRange {
  from: number;
  end: number;
}

export interface SeedPlan {
  /** Start of the window (epoch ms): a message timestamped before it is not seed, even inside a range. */
  since: number;
  ranges: Map<number, SeedRange>;
}

/**
 * Where the seed lies in each partition: from the first offset timestamped at or after
 * `now - durationMs` (kafkajs answers the high watermark for a partition with nothing since then),
 * but at most `maxMessages` before the partition's live start, up to that live start (the high
 * watermark captured at start, with `start: latest`). So the seed ends where the live rows begin.
 */
export async function planSeed(
  admin: Pick<Admin, 'fetchTopicOffsetsByTimestamp'>,
  topic: string,
  liveStarts: ReadonlyMap<number, number>,
  request: HistorySeedRequest,
  now: number,
): Promise<SeedPlan> {
  const since = now - request.durationMs;
  const ranges = new Map<number, SeedRange>();
  for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, since)) {
    const end = liveStarts.get(partition);
    const first = Number(offset);
    if (end === undefined || !(first >= 0)) continue;
    const from = Math.max(first, end - request.maxMessages);
    if (from < end) ranges.set(partition, { from, end });
  }
  return { since, ranges };
}

/**
 * Splits what the consumer fetches into seed and live messages while the seed is read, and says
 * when it is: once every partition's fetches have reached its range's end (`onRead`, once).
 */
export class SeedSplitter {
  /** Partitions whose seed is not read yet → the end of their range. */
  private readonly pendingEnds: Map<number, number>;
  private readonly read = { messages: 0, older: 0 };

  /** `onRead` gets the seed messages let through, and those of the ranges left out as older than the window. */
  constructor(
    readonly plan: SeedPlan,
    private readonly onRead: (read: { messages: number; older: number }) => void,
  ) {
    this.pendingEnds = new Map([...plan.ranges].map(([partition, range]) => [partition, range.end]));
    if (this.pendingEnds.size === 0) onRead(this.read);
  }

  /** Whether some partition's seed is still to be read. */
  get pending(): boolean {
    return this.pendingEnds.size > 0;
  }

  /** Whether a fetch of `partition` may hold seed messages (else it is all live). */
  covers(partition: number): boolean {
    return this.pendingEnds.has(partition);
  }

  /**
   * The seed messages of a fetch (before its partition's range end and timestamped inside the
   * window: a producer may set an older timestamp after newer ones) and its live ones.
   */
  split(partition: number, messages: readonly KafkaMessage[]): { seed: KafkaMessage[]; live: readonly KafkaMessage[] } {
    const end = this.pendingEnds.get(partition) ?? Number.NEGATIVE_INFINITY;
    let cut = 0;
    while (cut < messages.length && Number(messages[cut]!.offset) < end) cut++;
    const seed: KafkaMessage[] = [];
    for (let i = 0; i < cut; i++) if (Number(messages[i]!.timestamp) >= this.plan.since) seed.push(messages[i]!);
    this.read.messages += seed.length;
    this.read.older += cut - seed.length;
    return { seed, live: cut === 0 ? messages : messages.slice(cut) };
  }

  /** A fetch of `partition` went as far as `lastOffset` (delivered, or only control records). */
  reached(partition: number, lastOffset: number): void {
    const end = this.pendingEnds.get(partition);
    if (end === undefined || lastOffset < end - 1) return;
    this.pendingEnds.delete(partition);
    if (this.pendingEnds.size === 0) this.onRead(this.read);
  }
}
