import type { Logger } from 'pino';
import type { StreamConfig } from '../config/schema.js';
import { runPipeline, type Stage } from '../pipeline/stage.js';
import type { StreamState } from '../protocol/events.js';
import { now } from '../sources/clock.js';
import { SourceError } from '../sources/errors.js';
import type { DataSource, SourceNotice } from '../sources/types.js';
import type { StreamWriter } from '../store/types.js';
import { isBackfill, positionsOf, rowsOf, type Row } from '../values/row.js';
import { Batcher } from './batcher.js';
import { EventLog, type StreamEvent } from './event-log.js';
import { catchUp, pastCursor } from './resume.js';
import { type Cursor, CursorIds, cursorOf } from './log-cursor.js';
import { RunHistory } from './run-history.js';
import { formatEventId, newRunId } from './run-ids.js';
import { RunMarks } from './run-marks.js';
import { RunNotices } from './run-notices.js';
import { type MarkEvent, type RunStages, stagesForRun } from '../pipeline/run-pipeline.js';
import { markKey } from './run-marks.js';
import { RunRecorder, type RunPlace } from './run-recorder.js';
import { restoreRun, type RestoredRun, type RunExtra } from './run-restore.js';
import { Snapshots } from './snapshot.js';
import type { StreamShape } from './stream-shape.js';
import type { AlertCounts, ChannelStats } from './stream-stats.js';
import type { Viewer } from './viewer.js';

/** What a run gets from its channel: what every run of the stream shares, and what outlives a run. */
export interface RunContext {
  config: StreamConfig;
  shape: StreamShape;
  logger: Logger;
  createSource(notify: (notice: SourceNotice) => void, resumeFrom?: unknown): DataSource;
  /** The store the stream's runs are written to (undefined: memory only). */
  writer?: StreamWriter;
  /** While the store is this far behind, a promise of its catching up: reading waits for it. */
  storeBehind?(): Promise<void> | undefined;
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
  readonly id: string;
  /** 'idle' until it starts, and once stopped. */
  state: StreamState = 'idle';
  source: DataSource | undefined;
  readonly startedAt: number;
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
  /** A positioned source continued from the store: where its stored rows end (see DataSource.resumedAt). */
  resumedAt: Cursor | undefined;
  private batcher: Batcher | undefined;
  private abort = new AbortController();
  private readonly logger: Logger;
  /** Writes the run to the store, when the stream has one. */
  private readonly recorder: RunRecorder | undefined;
  /** The stages, made at the first reading; a continued run's later readings go on with them. */
  private stages: RunStages | undefined;
  /** Stored rows to run through the stages before the first reading (a run continued from the store). */
  private warmRows: Row[] | undefined;
  private readings = 0;

  constructor(
    private readonly context: RunContext,
    restored?: RestoredRun,
  ) {
    const { config, shape } = context;
    this.id = restored?.checkpoint.run ?? newRunId();
    this.logger = context.logger;
    this.log = new EventLog(config.buffer.events, config.buffer.bytes);
    this.history = new RunHistory(shape.timeName, shape.columns, config.history.keep);
    this.snapshots = new Snapshots(shape.encoder);
    this.notices = new RunNotices(this.id, this.history, config.resetStagesOnLoop, this.logger);
    this.startedAt = Date.now();
    if (restored) {
      const target = { run: this.id, log: this.log, history: this.history, marks: this.marks, notices: this.notices };
      const { encoder, timeName, columns } = shape;
      this.warmRows = restoreRun({ ...target, encoder, timeName, columns }, restored);
      this.seq = restored.checkpoint.seq;
      const extra = restored.checkpoint.extra as (Partial<RunExtra> & { ended?: boolean }) | undefined;
      this.startedAt = extra?.startedAt ?? this.startedAt;
      // A run that had ended stays ended: its rows are served, and a start makes a new run.
      if (extra?.ended === true) this.state = 'finished';
    }
    if (context.writer) {
      this.recorder = new RunRecorder(context.writer, this.id, restored?.checkpoint, () => this.source?.committed?.bind(this.source));
    }
  }

  /** A stopped run of a stream with a store goes on where it stopped when started again (a finished or failed one does not). */
  get continues(): boolean {
    return this.recorder !== undefined && this.state === 'idle';
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
    const fresh = this.readings++ === 0 && this.seq === 0;
    this.state = 'running';
    this.abort = new AbortController();
    let source: DataSource;
    try {
      source = this.context.createSource((notice) => this.notice(notice), this.recorder?.lastPosition);
    } catch (error) {
      this.fail(error);
      return after;
    }
    this.source = source;
    if (source.positioned === true) {
      this.resumedAt = source.resumedAt ? cursorOf(source.resumedAt) : undefined;
      this.cursorIds = new CursorIds(this.resumedAt);
    }
    const encoder = this.context.shape.encoder;
    // Batches are made of pipeline output: every event type carries rows as the stages left them.
    const batcher = new Batcher(
      this.context.config.batch,
      source.nominalRate,
      (row, position) => this.publishRows('update', row, [row], position),
      (rows, positions) => this.publishRows('batch', encoder.columns(rows), rows, positions),
    );
    this.batcher = batcher;
    if (fresh) {
      this.publish('started', { run: this.id, startedAt: new Date(this.startedAt).toISOString(), rate: source.nominalRate ?? null }, 0);
      this.logger.info({ run: this.id }, 'stream started');
    } else this.logger.info({ run: this.id, seq: this.seq }, 'stream continued');
    // A previous run's loop may still be unwinding; this one starts reading after it has.
    return (after ?? Promise.resolve()).then(() => this.read(source, batcher));
  }

  /** Stops reading; nothing more of this run is published (rows still batched are dropped). */
  stop(): void {
    this.abort.abort();
    this.batcher?.discard();
    if (this.state !== 'running') return;
    this.state = 'idle';
    this.recorder?.close(this.place());
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
        const position = source.position?.();
        // Seed rows are history only: a viewer gets them from /history (the element's `range`).
        if (isBackfill(item)) {
          this.history.seeded.add(out.rows);
          this.recorder?.backfill(out.rows, this.place(), position);
        } else {
          this.recorder?.itemRead(out.rows.length, position);
          batcher.addAll(out.rows, out.positions);
        }
        // Without a store, rows are as safe as they get once handed on.
        if (!this.recorder && position !== undefined) source.committed?.(position);
        // A source read faster than the disk takes its rows (an unpaced replay) waits for it,
        // rather than buffering without bound.
        const behind = this.context.storeBehind?.();
        if (behind) await behind;
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
      this.recorder?.close(this.place(true));
      return;
    }
    if (this.state !== 'running') {
      this.logger.info({ run: this.id }, 'stream stopped');
      return;
    }
    batcher.flush();
    this.publish('jobfinished', { rows, progress: source.progress?.() ?? null, skipped: source.skipped?.() ?? 0 }, 0);
    this.state = 'finished';
    this.recorder?.close(this.place(true));
    this.logger.info({ run: this.id }, 'stream finished');
    this.context.ended();
  }

  private async pipeline(source: DataSource): Promise<Stage> {
    if (this.stages) return this.stages.stage;
    const { config, shape } = this.context;
    const mark = (m: MarkEvent) => this.mark(m);
    const stages = await stagesForRun(config, { timeName: shape.timeName, source, signal: this.abort.signal, mark });
    this.notices.restartDerived = stages.restartDerived;
    this.stages = stages;
    if (this.warmRows) this.warm(stages, this.warmRows);
    this.warmRows = undefined;
    return stages.stage;
  }

  /**
   * A continued run's stages go through its stored rows again, so its windows and alert timers are
   * where they were. Where that ends in a state or an alert other than the stored marks say (a rule
   * the config just added or changed), the difference is published now.
   */
  private warm(stages: RunStages, rows: readonly Row[]): void {
    const newest = new Map<string, MarkEvent>();
    for (const m of stages.warm(rows)) newest.set(markKey(m), m);
    for (const [key, m] of newest) {
      const stored = this.marks.latest(key);
      // A rule with no stored mark has not fired.
      const before = stored ? markValue(stored) : m.name === 'alert' ? 'resolved' : undefined;
      if (before !== markValue(m)) this.mark(m);
    }
  }

  /** Where the run is, for the store: called for every published event, so the checkpoint's extra is made on demand. */
  private place(ended = false): RunPlace {
    return {
      seq: this.seq,
      pass: this.history.currentPass,
      extra: (): RunExtra & { ended: boolean } => {
        const { pass, passSeqs } = this.history.place;
        return {
          startedAt: this.startedAt,
          historyPass: pass,
          passSeqs,
          filePass: this.notices.pass,
          segmentStart: this.notices.segmentStart,
          ended,
        };
      },
    };
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
    this.batcher?.flush(); // the rows batched before it go first
    this.publish(mark.name, mark.payload, 0);
    this.recorder?.mark(mark.name, mark.payload, this.place());
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

  /** A data event: published, then written to the store with its seq. */
  private publishRows(name: 'update' | 'batch', payload: unknown, rows: readonly Row[], positions?: number[]): void {
    this.publish(name, payload, rows.length, positions);
    this.recorder?.rowsPublished(rows, this.place());
  }

  /** Frames an event once, keeps it (with its payload) for resuming viewers, and writes it to every viewer. */
  private publish(name: string, payload: unknown, rows: number, positions?: number[]): void {
    const seq = ++this.seq;
    // A stored run's ids also count its rows (see EventId.rows).
    const through = this.recorder ? this.recorder.storedRows + rows : undefined;
    const id = (positions ? this.cursorIds?.forData(positions) : this.cursorIds?.forLifecycle()) ?? formatEventId(this.id, seq, through);
    const frame = this.context.shape.encoder.frame(id, name, payload);
    const event: StreamEvent = { seq, id, name, rows, frame, payload, positions, through };
    this.log.append(event);
    const stats = this.context.stats;
    stats.events++;
    for (const viewer of this.context.viewers) {
      // A viewer back after a crash skips the rows it had before (see catchUp).
      const bytes =
        viewer.skipThrough !== undefined ? catchUp(viewer, event) : viewer.skipAfter !== undefined ? pastCursor(viewer, event) : frame;
      if (bytes && viewer.send(bytes)) {
        stats.rowsSent += rows;
        stats.bytesSent += bytes.length;
      }
    }
  }
}

/** What a mark says holds after it: the state, or whether its alert fires. */
function markValue(mark: MarkEvent): string {
  return mark.name === 'state' ? mark.payload.value : mark.payload.state;
}
