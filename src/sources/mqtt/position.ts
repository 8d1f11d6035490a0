// Where an MQTT source is, as the JSON a durable run stores with its rows and gives back as
// `resumeFrom` after a restart: { messages, ids? }. `messages` counts the messages taken from the
// broker (across restarts) up to the last one in a yielded row; `committed(position)` acknowledges
// the QoS 1 messages up to it. With messageIdField, `ids` are the newest message ids among them
// (idKey: topic, NUL, id), oldest first: a message the broker sends again after a crash because
// its PUBACK was not out yet, although its row was stored, is recognized and dropped.
import { SourceError } from '../errors.js';
import type { LastIds } from './recent-ids.js';

export interface MqttPosition {
  messages: number;
  ids?: string[];
}

/** A stored position, checked; throws a SourceError for anything else (another source's, a hand-edited store). */
export function parseMqttPosition(value: unknown): MqttPosition {
  const position = value as Partial<MqttPosition> | null;
  const { messages, ids } = typeof position === 'object' && position !== null ? position : {};
  if (
    typeof messages !== 'number' ||
    !Number.isSafeInteger(messages) ||
    messages < 0 ||
    (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')))
  ) {
    throw new SourceError(`cannot resume the MQTT source from ${JSON.stringify(value)?.slice(0, 200)}: not a { messages, ids } position`);
  }
  return ids === undefined ? { messages } : { messages, ids };
}

/** The position as the source reads: messages are numbered as they arrive, and covered as their rows are made. */
export class PositionTracker {
  /** The number of the newest message taken. */
  taken: number;
  /** Messages up to this number are in rows made so far. */
  private covered: number;
  /** Ids of messages whose values wait for a sampled row. */
  private pending: string[] = [];
  private snapshot: MqttPosition | undefined;

  constructor(
    start: MqttPosition | undefined,
    private readonly ids: LastIds | undefined,
  ) {
    this.taken = this.covered = start?.messages ?? 0;
    for (const key of start?.ids ?? []) ids?.push(key);
  }

  /** The message numbered `seq` (with id `key`) is in a row; or, with `sampled`, its values wait for one. */
  kept(seq: number, key: string | undefined, sampled: boolean): void {
    if (sampled) {
      if (key !== undefined && this.ids) this.pending.push(key);
      return;
    }
    if (key !== undefined) this.ids?.push(key);
    this.covered = seq;
    this.snapshot = undefined;
  }

  /** A sampled row is made: it carries the values of every message up to `seq`. */
  sampled(seq: number): void {
    for (const key of this.pending) this.ids!.push(key);
    this.pending = [];
    this.covered = seq;
    this.snapshot = undefined;
  }

  /** The same object until the position moves. */
  position(): MqttPosition {
    this.snapshot ??= Object.freeze(this.ids ? { messages: this.covered, ids: this.ids.list() } : { messages: this.covered });
    return this.snapshot;
  }
}
