// Where a Kafka source is in its topic, as the JSON a durable run stores with its rows and gives
// back as `resumeFrom` after a restart: the next offset to read of each partition, keyed by the
// partition number as a string, e.g. { "0": 42, "1": 17 }.
import { SourceError } from '../errors.js';

/** Partition → next offset to read, the shape `DataSource.position()` returns for Kafka. */
export type KafkaPosition = Record<string, number>;

const PARTITION = /^(0|[1-9]\d{0,9})$/;

/**
 * The `[partition, offset]` pairs of a stored position. Throws a SourceError for anything that
 * is not one (a position of another source type, a hand-edited store): starting elsewhere than
 * where the stored rows end would silently lose or repeat rows.
 */
export function parseKafkaPosition(value: unknown): [number, number][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SourceError(`cannot resume the Kafka source from ${JSON.stringify(value)}: not a { partition: offset } object`);
  }
  const pairs: [number, number][] = [];
  for (const [key, offset] of Object.entries(value)) {
    if (!PARTITION.test(key) || typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
      throw new SourceError(`cannot resume the Kafka source: partition ${JSON.stringify(key)} has offset ${JSON.stringify(offset)}`);
    }
    pairs.push([Number(key), offset]);
  }
  return pairs;
}

/** The position of a source as it reads: where each partition starts, then past each batch it takes. */
export class PositionTracker {
  private readonly next = new Map<number, number>();
  private snapshot: KafkaPosition | undefined;

  /** Where partitions start (the configured start, or the position resumed from), before any batch. */
  start(pairs: Iterable<readonly [number, number]>): void {
    for (const [partition, offset] of pairs) if (!this.next.has(partition)) this.next.set(partition, offset);
    this.snapshot = undefined;
  }

  /** A batch of `partition` was read as far as `lastOffset` (its rows, and the messages skipped). */
  read(partition: number, lastOffset: number): void {
    this.next.set(partition, lastOffset + 1);
    this.snapshot = undefined;
  }

  /** The position as JSON; undefined before anything is known. The same object until the position moves. */
  position(): KafkaPosition | undefined {
    if (this.next.size === 0) return undefined;
    if (!this.snapshot) {
      const snapshot: KafkaPosition = {}; // (integer keys enumerate in ascending order)
      for (const [partition, offset] of this.next) snapshot[partition] = offset;
      this.snapshot = Object.freeze(snapshot);
    }
    return this.snapshot;
  }
}
