import type { RunCheckpoint, StreamWriter } from '../store/types.js';
import type { Row } from '../values/row.js';

/** What a checkpoint needs from the run besides the source's position. */
export interface RunPlace {
  seq: number;
  pass: number;
  /** RunCheckpoint.extra, made only when a checkpoint is (rows are published far more often). */
  extra(): unknown;
}

/**
 * Writes a durable run to the store: the rows as they are published (with their event's seq), the
 * marks, and after them checkpoints with the source's position. A position is checkpointed only
 * once every row read before it is published, so the rows a commit holds and the position it
 * records always agree: rows still in the batcher when the daemon dies are read again, never lost
 * and never stored twice.
 */
export class RunRecorder {
  /** Pipeline output rows read so far (through the batcher) and published so far. */
  private read = 0;
  private published = 0;
  /** Source positions waiting for their rows to be published: `at` is `read` after the item. */
  private readonly waiting: { at: number; position: unknown }[] = [];
  /** The position of the last checkpoint (where a continued reading starts). */
  lastPosition: unknown;
  /** Rows written to the store in this run (the next row's number). */
  private stored: number;

  constructor(
    private readonly writer: StreamWriter,
    private readonly run: string,
    resumed: RunCheckpoint | undefined,
    /**
     * How the source is told that its rows up to a position are committed, looked up at each
     * checkpoint; undefined for a source that waits for nothing (the store may then commit later,
     * with other checkpoints: see StreamWriter.checkpoint).
     */
    private readonly acknowledgement: () => ((position: unknown) => void) | undefined,
  ) {
    this.stored = resumed?.rows ?? 0;
    this.lastPosition = resumed?.position;
  }

  /** Rows written to the store in this run so far. */
  get storedRows(): number {
    return this.stored;
  }

  /** After an item the source yielded: `rows` pipeline output rows went to the batcher; the source is now at `position`. */
  itemRead(rows: number, position: unknown): void {
    this.read += rows;
    if (position !== undefined) this.waiting.push({ at: this.read, position });
  }

  /** Rows of the history seed: stored at once (they are not published), with the position after them. */
  backfill(rows: readonly Row[], place: RunPlace, position: unknown): void {
    this.writer.rows(rows, place.seq, place.pass);
    this.stored += rows.length;
    if (position !== undefined) this.checkpoint(place, position);
  }

  /** Rows published in the event `place.seq`. */
  rowsPublished(rows: readonly Row[], place: RunPlace): void {
    this.writer.rows(rows, place.seq, place.pass);
    this.stored += rows.length;
    this.published += rows.length;
    let ready: unknown;
    let any = false;
    while (this.waiting.length > 0 && this.waiting[0]!.at <= this.published) {
      ready = this.waiting.shift()!.position;
      any = true;
    }
    if (any) this.checkpoint(place, ready);
  }

  mark(name: 'state' | 'alert', payload: unknown, place: RunPlace): void {
    this.writer.mark(name, payload, place.seq, place.pass);
  }

  /**
   * The run stops or ends: one last checkpoint, so that its events so far (progress, the end) are
   * counted and a continued run's ids follow them. The position stays that of the last published row.
   */
  close(place: RunPlace): void {
    let position = this.lastPosition;
    while (this.waiting.length > 0 && this.waiting[0]!.at <= this.published) position = this.waiting.shift()!.position;
    this.waiting.length = 0;
    this.read = this.published;
    this.checkpoint(place, position);
  }

  private checkpoint(place: RunPlace, position: unknown): void {
    this.lastPosition = position;
    const checkpoint: RunCheckpoint = {
      run: this.run,
      seq: place.seq,
      rows: this.stored,
      pass: place.pass,
      position,
      extra: place.extra(),
    };
    const acknowledge = this.acknowledgement();
    this.writer.checkpoint(checkpoint, acknowledge && (() => acknowledge(position)));
  }
}
