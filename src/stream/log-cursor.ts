// Event ids for streams read from a partitioned log (Kafka): the id of an event is the position
// reached after it, `partition:offset` for every partition seen so far (`0:41,1:17`). Unlike a run
// sequence, such an id means the same thing to every daemon reading the topic and across restarts
// of a stream, so a viewer can resume wherever the rows after its position are still kept.

/** Partition → offset of the last row delivered. */
export type Cursor = Map<number, number>;

const MAX_PARTITIONS = 256;

export function formatCursor(cursor: Cursor): string {
  return [...cursor.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([partition, offset]) => `${partition}:${offset}`)
    .join(',');
}

/**
 * Parses a cursor id (`0:41,1:17`, optionally followed by `/n` for a lifecycle event sent after
 * that position). Undefined for anything else.
 */
export function parseCursor(text: string | undefined): Cursor | undefined {
  if (!text || text.length > 8192) return undefined;
  const [positions] = text.split('/', 1);
  const cursor: Cursor = new Map();
  for (const part of positions!.split(',')) {
    const match = /^(\d{1,6}):(\d{1,16})$/.exec(part);
    if (!match || cursor.size >= MAX_PARTITIONS) return undefined;
    cursor.set(Number(match[1]), Number(match[2]));
  }
  return cursor.size > 0 ? cursor : undefined;
}

/** Assigns ids to the events of one run of a positioned stream. */
export class CursorIds {
  private readonly cursor: Cursor;
  private text: string;
  private sinceData = 0;

  /** `resumedAt`: a run continued after a crash names the partitions it had read from its first event on. */
  constructor(resumedAt?: Cursor) {
    this.cursor = new Map(resumedAt);
    this.text = formatCursor(this.cursor);
  }

  /** The id of a data event carrying rows at `positions` ([p, o, p, o, …]). */
  forData(positions: readonly number[]): string {
    for (let i = 0; i < positions.length; i += 2) {
      const partition = positions[i]!;
      const offset = positions[i + 1]!;
      if (offset > (this.cursor.get(partition) ?? -1)) this.cursor.set(partition, offset);
    }
    this.text = formatCursor(this.cursor);
    this.sinceData = 0;
    return this.text;
  }

  /** The id of a lifecycle event, or undefined before any row (the run's own ids are used then). */
  forLifecycle(): string | undefined {
    if (!this.text) return undefined;
    return `${this.text}/${++this.sinceData}`;
  }
}

/** Whether a row at (partition, offset) comes after `cursor`. */
export function isAfter(cursor: Cursor, partition: number, offset: number): boolean {
  return offset > (cursor.get(partition) ?? -1);
}

/** A cursor from `[partition, offset, …]` pairs. */
export function cursorOf(positions: readonly number[]): Cursor {
  const cursor: Cursor = new Map();
  for (let i = 0; i < positions.length; i += 2) cursor.set(positions[i]!, positions[i + 1]!);
  return cursor;
}
