import type { Logger } from 'pino';
import type { StreamConfig } from '../config/schema.js';
import { runPipeline, type Stage } from '../pipeline/stage.js';
import type { StreamState } from '../protocol/events.js';
import { now } from '../sources/clock.js';
import { SourceError } from '../sources/errors.js';
import type { DataSource, SourceNotice } from '../sources/types.js';
import { isBackfill, positionsOf, rowsOf } from '../values/row.js';
import { Batcher } from './batcher.js';
import { EventLog } from './event-log.js';
import { CursorIds } from './log-cursor.js';
import { RunHistory } from './run-history.js';
import { formatEventId, newRunId } from './run-ids.js';
import { RunMarks } from './run-marks.js';
import { RunNotices } from './run-notices.js';
import { type MarkEvent, stagesForRun } from '../pipeline/run-pipeline.js';
import { Snapshots } from './snapshot.js';
import type { StreamShape } from './stream-shape.js';
import type { AlertCounts, ChannelStats } from './stream-stats.js';
import type { Viewer } from './viewer.js';

/** What a run gets from its channel: what every run of the stream shares, and what outlives a run. */
export interface RunContext {
  config: StreamConfig;
  shape: StreamShape;
  logger: Logger;
  createSource(notify: (notice: SourceNotice) => void): DataSource;
  stats: ChannelStats;
  alerts: AlertCounts;
  /** The viewers every event is written to. */
  viewers: ReadonlySet<Viewer>;
  /** The run finished or failed: its viewers have had everything. */
  ended(): void;
}

/**
 * One run of a stream, from its start to its end. The source is read once; every row goes through
 * the pipeline once, into the history and (batched when fast) into an event that is serialized
 * once, kept in the run's log and written to every viewer. The source's notices and the pipeline's
 * marks become events between two rows, after the rows batched before them. A new start is a new run.
 */
export class StreamRun {
  readonly id = newRunId();
  /** 'idle' until it starts, and once stopped. */
  state: StreamState = 'idle';
  source: DataSource | undefined;
  readonly startedAt = Date.now();
  readonly log: EventLog;
  readonly marks = new RunMarks();
  readonly history: RunHistory;
  /** The recent rows as one event, for new viewers. */
  readonly snapshots: Snapshots;
  /** The pass, the segment and the source's connection, as its notices tell them. */
  readonly notices: RunNotices;
  private seq = 0;
  /** For rows with log positions (Kafka): event ids are cursors, `partition:offset`. */
  private cursorIds: CursorIds | undefined;
  private batcher: Batcher | undefined;
  private readonly abort = new AbortController();
  private readonly logger: Logger;

  constructor(private readonly context: RunContext) {
    const { config, shape } = context;
    this.logger = context.logger;
    this.log = new EventLog(config.buffer.events, config.buffer.bytes);
    this.history = new RunHistory(shape.timeName, shape.columns, config.history.keep);
    this.snapshots = new Snapshots(shape.encoder);
    this.notices = new RunNotices(this.id, this.history, config.resetStagesOnLoop, this.logger);
  }

  /** Rows carry log positions, and event ids name them. */
  get positioned(): boolean {
    return this.cursorIds !== undefined;
  }

  /** It can serve viewers: it has not failed, and while it reads, a source with a connection is live. */
  get ready(): boolean {
    const status = this.notices.sourceStatus;
    return this.state === 'running' ? status === undefined || status === 'live' : this.state !== 'failed';
  }

  /** Opens the source and reads it once `after` (the previous run's reading) has settled; resolves when reading ends. */
  start(after: Promise<void> | undefined): Promise<void> | undefined {
    this.state = 'running';
    let source: DataSource;
    try {
      source = this.context.createSource((notice) => this.notice(notice));
    } catch (error) {
      this.fail(error);
      return after;
    }
    this.source = source;
    if (source.positioned === true) this.cursorIds = new CursorIds();
    const encoder = this.context.shape.encoder;
    // Batches are made of pipeline output: every event type carries rows as the stages left them.
    const batcher = new Batcher(
      this.context.config.batch,
      source.nominalRate,
      (row, position) => this.publish('update', row, 1, position),
      (rows, positions) => this.publish('batch', encoder.columns(rows), rows.length, positions),
    );
    this.batcher = batcher;
    this.publish('started', { run: this.id, startedAt: new Date(this.startedAt).toISOString(), rate: source.nominalRate ?? null }, 0);
    this.logger.info({ run: this.id }, 'stream started');
    // A previous run's loop may still be unwinding; this one starts reading after it has.
    return (after ?? Promise.resolve()).then(() => this.read(source, batcher));
  }

  /** Stops reading; nothing more of this run is published (rows still batched are dropped). */
  stop(): void {
    this.abort.abort();
    this.batcher?.discard();
    if (this.state === 'running') this.state = 'idle';
  }

  /** The row path: source → pipeline → history, and batcher → publish. */
  private async read(source: DataSource, batcher: Batcher): Promise<void> {
    const stats = this.context.stats;
    const progressEvery = this.context.config.progressEveryMs;
    let nextProgress = progressEvery > 0 && source.progress ? now() + progressEvery : Number.POSITIVE_INFINITY;
    let rows = 0;
    try {
      const pipeline = await this.pipeline(source);
      for await (const item of source.read(this.abort.signal)) {
        if (this.state !== 'running') break;
        const batch = rowsOf(item);
        stats.rowsRead += batch.length;
        rows += batch.length;
        // The one place rows pass through the stages: once each, before batching.
        const out = runPipeline(pipeline, batch, positionsOf(item));
        this.history.store.append(out.rows);
        // Seed rows are history only: a viewer gets them from /history (the element's `range`).
        if (isBackfill(item)) this.history.seeded.add(out.rows);
        else batcher.addAll(out.rows, out.positions);
        if (nextProgress !== Number.POSITIVE_INFINITY && now() >= nextProgress) {
          nextProgress = now() + progressEvery;
          batcher.flush();
          this.publish('progress', source.progress!(), 0);
        }
      }
    } catch (error) {
      if (this.state !== 'running') return;
      batcher.flush(); // the rows read before the error still go out, ahead of the error event
      this.fail(error);
      return;
    }
    if (this.state !== 'running') {
      this.logger.info({ run: this.id }, 'stream stopped');
      return;
    }
    batcher.flush();
    this.publish('jobfinished', { rows, progress: source.progress?.() ?? null, skipped: source.skipped?.() ?? 0 }, 0);
    this.state = 'finished';
    this.logger.info({ run: this.id }, 'stream finished');
    this.context.ended();
  }

  private async pipeline(source: DataSource): Promise<Stage> {
    const { config, shape } = this.context;
    const mark = (m: MarkEvent) => this.mark(m);
    const stages = await stagesForRun(config, { timeName: shape.timeName, source, signal: this.abort.signal, mark });
    this.notices.restartDerived = stages.restartDerived;
    return stages.stage;
  }

  /** A source's notice, between two rows: the rows batched before it go out first. */
  private notice(notice: SourceNotice): void {
    if (this.state !== 'running') return;
    this.batcher?.flush();
    const event = this.notices.apply(notice, this.seq + 1);
    if (event) this.publish(event.name, event.payload, 0);
  }

  /**
   * A state change or an alert transition from the pipeline (which runs only while the run reads a
   * row): published, and remembered for viewers that join later.
   */
  private mark(mark: MarkEvent): void {
    this.batcher!.flush(); // the rows batched before it go first
    this.publish(mark.name, mark.payload, 0);
    this.marks.record({ ...mark, seq: this.seq });
    this.context.alerts.note(mark);
  }

  private fail(error: unknown): void {
    this.context.stats.sourceErrors++;
    const message = error instanceof SourceError ? error.message : 'the source failed';
    this.logger.error({ run: this.id, err: error }, 'source error');
    this.publish('sourceerror', { message }, 0);
    this.state = 'failed';
    this.context.ended();
  }

  /** Frames an event once, keeps it (with its payload) for resuming viewers, and writes it to every viewer. */
  private publish(name: string, payload: unknown, rows: number, positions?: number[]): void {
    const seq = ++this.seq;
    const id = (positions ? this.cursorIds?.forData(positions) : this.cursorIds?.forLifecycle()) ?? formatEventId(this.id, seq);
    const frame = this.context.shape.encoder.frame(id, name, payload);
    this.log.append({ seq, id, name, rows, frame, payload, positions });
    const stats = this.context.stats;
    stats.events++;
    for (const viewer of this.context.viewers) {
      if (viewer.send(frame)) {
        stats.rowsSent += rows;
        stats.bytesSent += frame.length;
      }
    }
  }
}
