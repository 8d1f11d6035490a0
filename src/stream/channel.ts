import type { Logger } from 'pino';
import { timeColumn, valueColumns } from '../pipeline/columns.js';
import { runPipeline, type Stage } from '../pipeline/stage.js';
import type { StreamConfig } from '../config/schema.js';
import type { AlertData, ColumnInfo, MetaData, SourceStatus, StateData, StreamInfo, StreamState } from '../protocol/events.js';
import type { DataDir } from '../sources/data-dir.js';
import { now } from '../sources/clock.js';
import { isBackfill, positionsOf, rowsOf } from '../values/row.js';
import { SourceError } from '../sources/errors.js';
import type { DataSource, SourceNotice, SourcePlugin } from '../sources/types.js';
import type { ReplayControl } from '../sources/replay-control.js';
import { Batcher } from './batcher.js';
import { CursorIds } from './log-cursor.js';
import { planResume, type ReplayItem } from './resume.js';
import { Snapshots } from './snapshot.js';
import { formatEventId, newRunId, parseEventId } from './run-ids.js';
import { EventEncoder } from './encoder.js';
import { EventLog } from './event-log.js';
import { HistoryStore } from './history-store.js';
import type { HistorySource } from './history-query.js';
import { joinFrames, newestId } from './join.js';
import { RunMarks, type Mark } from './run-marks.js';
import { SeedTally } from './seed-tally.js';
import { derivedColumns, stagesForRun, streamTimeName } from '../pipeline/run-pipeline.js';
import { formatEvent, formatRetry } from './sse.js';
import type { Viewer, ViewerEnd } from './viewer.js';

export interface ChannelDeps {
  plugin: SourcePlugin;
  dataDir: DataDir;
  logger: Logger;
  retryMs: () => number;
}

/** Counters for one stream, read by /metrics and the periodic log line. */
export interface ChannelStats {
  runs: number;
  rowsRead: number;
  events: number;
  /** Rows written to viewers (one row to ten viewers counts ten). */
  rowsSent: number;
  bytesSent: number;
  slowDisconnects: number;
  sourceErrors: number;
  resumes: number;
  resets: number;
}

/** Transitions of one alert rule, over all runs of the channel. */
export interface AlertTransitions {
  firing: number;
  resolved: number;
}

/**
 * One stream: a single upstream read shared by all its viewers. Rows go through the pipeline, are
 * batched when fast, serialized once into an event, appended to the ring buffer and written to
 * every viewer. A new viewer first gets the recent rows; a returning one gets exactly what it missed.
 */
export class StreamChannel {
  state: StreamState = 'idle';
  /** What the source last said about its connection (sources without one say nothing). */
  sourceStatus: SourceStatus | undefined;
  run = newRunId();
  readonly stats: ChannelStats = {
    runs: 0,
    rowsRead: 0,
    events: 0,
    rowsSent: 0,
    bytesSent: 0,
    slowDisconnects: 0,
    sourceErrors: 0,
    resumes: 0,
    resets: 0,
  };
  private readonly viewers = new Set<Viewer>();
  private readonly log: EventLog;
  private readonly encoder: EventEncoder;
  private readonly seriesNames: string[];
  private readonly timeName: string;
  private readonly snapshots: Snapshots;
  private readonly columnInfo: ColumnInfo[];
  /** State changes and alert transitions of the current run, for viewers that join later. */
  private readonly marks = new RunMarks();
  private readonly alertTransitions = new Map<string, AlertTransitions>();
  /** Restarts the current run's derived signals (a looping source's `looped` notice, with resetStagesOnLoop). */
  private restartDerived: (() => void) | undefined;
  /** The run's pipeline output, kept for /history (bounded by config.history.keep). */
  private readonly history: HistoryStore;
  /** The seq of the first event of each pass of the history, by pass (marks are told apart by pass through it). */
  private passSeqs: number[] = [0];
  /**
   * The history's current pass: a run's passes are its loop passes and the segments its seeks
   * start, numbered in order (without seeks, the same numbers as `looped`).
   */
  private historyPass = 0;
  /** What the current run's history seed (history.seedFromTopic) has put into the history. */
  private seeded: SeedTally;
  private seq = 0;
  private pass = 0;
  /** The seq of the event that started the replay's current segment (its last seek), 0 before any. */
  private segmentStart = 0;
  /** Rows carry log positions (Kafka): event ids are cursors, `partition:offset`. */
  private positioned = false;
  private cursorIds: CursorIds | undefined;
  private startedAt = 0;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private source: DataSource | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(
    readonly config: StreamConfig,
    private readonly deps: ChannelDeps,
  ) {
    this.logger = deps.logger.child({ stream: config.id });
    this.log = new EventLog(config.buffer.events, config.buffer.bytes);
    // Derived columns follow the source's, in stage order: they are columns like any other.
    this.columnInfo = [
      ...valueColumns(config.columns).map((c): ColumnInfo => ({ name: c.as, type: c.type === 'text' ? 'text' : 'number', axis: c.axis })),
      ...derivedColumns(config.stages).map((c): ColumnInfo => ({ name: c.name, type: 'number', axis: c.axis })),
    ];
    this.seriesNames = this.columnInfo.map((c) => c.name);
    for (const rule of config.alerts) this.alertTransitions.set(rule.name, { firing: 0, resolved: 0 });
    // Without a time column, rows are stamped with the time they were read (see stagesForRun).
    this.timeName = streamTimeName(config, this.seriesNames);
    this.encoder = new EventEncoder(this.timeName, this.seriesNames);
    this.snapshots = new Snapshots(this.encoder);
    // The history keeps the columns of `meta.columns` (derived ones included), in that order.
    this.history = new HistoryStore(this.timeName, this.columnInfo, config.history.keep);
    this.seeded = new SeedTally(this.timeName);
  }

  get id(): string {
    return this.config.id;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  info(): StreamInfo {
    return {
      id: this.config.id,
      title: this.config.title,
      source: this.config.source.type,
      time: this.timeName,
      columns: this.columnInfo,
      thresholds: this.config.thresholds,
      states: this.config.states ?? null,
      alerts: this.config.alerts.map((a) => ({
        rule: a.name,
        column: a.column,
        op: a.above !== undefined ? ('above' as const) : ('below' as const),
        value: a.above ?? a.below!,
        resolve: a.resolve ?? a.above ?? a.below!,
      })),
      state: this.state,
      status: this.sourceStatus ?? null,
      viewers: this.viewers.size,
    };
  }

  /** Per alert rule: firing now (in the current run), and its transitions over all runs. */
  alertStatus(): { rule: string; firing: boolean; transitions: AlertTransitions }[] {
    const firing = this.marks.firing();
    return [...this.alertTransitions].map(([rule, transitions]) => ({ rule, firing: firing.has(rule), transitions: { ...transitions } }));
  }

  /**
   * The kept history of the current run, for /history queries, with the state changes and alert
   * transitions of the pass asked for beside it.
   */
  historySource(): HistorySource {
    const passSeqs = this.passSeqs;
    return {
      stream: this.id,
      run: this.run,
      running: this.state === 'running',
      store: this.history,
      annotations: (from, to, pass) =>
        this.marks.between(from, to, passSeqs[pass] ?? Number.POSITIVE_INFINITY, passSeqs[pass + 1] ?? Number.POSITIVE_INFINITY),
    };
  }

  /** Rows and bytes the history keeps, for metrics. */
  historyStats(): { rows: number; bytes: number } {
    return { rows: this.history.rows, bytes: this.history.bytes };
  }

  /** The current source's own counters (e.g. malformed Kafka messages), for metrics. */
  sourceCounters(): Record<string, number> {
    return this.source?.counters?.() ?? {};
  }

  private startHistoryPass(): void {
    this.historyPass++;
    this.history.startPass(this.historyPass);
    this.passSeqs[this.historyPass] = this.seq + 1;
  }

  /** Whether the stream's source is a replay an operator can control (a file, not Kafka or MQTT). */
  get replayable(): boolean {
    return this.deps.plugin.replayable === true;
  }

  /** The control of the running replay; undefined when no run is reading (idle, finished, failed). */
  replayControl(): ReplayControl | undefined {
    return this.state === 'running' ? this.source?.replay : undefined;
  }

  /** Whether the stream can serve viewers: a running source that has a connection must be live. */
  isReady(): boolean {
    if (this.state === 'failed') return false;
    return this.state !== 'running' || this.sourceStatus === undefined || this.sourceStatus === 'live';
  }

  /** Creates a source instance for this stream (used for runs and for start-up checks). */
  createSource(notify: (notice: SourceNotice) => void = () => {}): DataSource {
    const { seedFromTopicMs, keep } = this.config.history;
    const seeds = seedFromTopicMs !== undefined && keep.rows > 0 && keep.bytes > 0;
    return this.deps.plugin.create(this.config.source, {
      streamId: this.config.id,
      timeField: timeColumn(this.config.columns)?.from,
      dataDir: this.deps.dataDir,
      logger: this.logger,
      fields: this.config.columns.map((c) => c.from),
      notify,
      // The history keeps no more than keep.rows rows: a partition's older messages would be dropped unseen.
      ...(seeds ? { seedHistory: { durationMs: seedFromTopicMs, maxMessages: keep.rows } } : {}),
    });
  }

  /** True when `lastEventId` is the end of a finished run: the client has everything (answer 204). */
  isComplete(lastEventId: string | undefined): boolean {
    const id = parseEventId(lastEventId);
    return (
      id !== undefined && id.run === this.run && (this.state === 'finished' || this.state === 'failed') && id.seq >= this.log.lastSeq()
    );
  }

  /** Adds a viewer: sends it what it missed (or the recent rows), then keeps it live. */
  attach(viewer: Viewer, lastEventId: string | undefined): void {
    this.cancelIdleStop();
    if (this.state === 'idle') this.start(); // a stopped run cannot be resumed: start a new one
    const plan = lastEventId
      ? planResume(lastEventId, {
          log: this.log,
          run: this.run,
          resumable: this.state !== 'idle',
          positioned: this.positioned,
        })
      : undefined;
    let replay: ReplayItem[] | undefined;
    let reset: string | undefined;
    let marks: Mark[];
    if (plan && 'replay' in plan) {
      replay = plan.replay;
      this.stats.resumes++;
      // The missed events include the marks among them; those from before are sent again.
      marks = this.marks.forViewer(replay[0]?.seq ?? this.log.lastSeq() + 1, false);
    } else {
      if (plan) {
        reset = plan.reset;
        this.stats.resets++;
      }
      if (this.state !== 'running') this.start();
      const tail = this.log.tail(this.config.history.rows, this.segmentStart);
      replay = this.snapshots.of(tail, this.config.history.rows);
      marks = this.marks.forViewer(tail[0]?.seq ?? this.log.lastSeq() + 1, true);
    }

    const join = joinFrames(this.log, this.run, replay, { retryMs: this.deps.retryMs(), reset, meta: this.meta(), marks });
    if (!viewer.send(join.bytes, join.lastSeq)) return;
    this.stats.rowsSent += join.rows;

    if (this.state === 'running') {
      this.viewers.add(viewer);
    } else {
      viewer.close('finished'); // the run is over and the replay included its end
    }
  }

  /** Called by the viewer when it ends for any reason. */
  detach(viewer: Viewer, why: ViewerEnd): void {
    if (!this.viewers.delete(viewer)) return;
    if (why === 'slow') {
      this.stats.slowDisconnects++;
      this.logger.debug({ viewer: viewer.id }, 'viewer too slow: disconnected (it resumes on reconnect)');
    }
    if (this.viewers.size === 0 && this.state === 'running' && !this.config.autostart) this.scheduleIdleStop();
  }

  /** Starts a new run: a new run id, an empty buffer, a fresh source. */
  start(): void {
    if (this.state === 'running') return;
    const previous = this.running;
    const run = newRunId();
    this.run = run;
    this.seq = 0;
    this.pass = 0;
    this.segmentStart = 0;
    this.sourceStatus = undefined;
    this.log.clear();
    this.marks.clear();
    this.history.reset(); // a new run starts a new history
    this.seeded = new SeedTally(this.timeName);
    this.passSeqs = [0];
    this.historyPass = 0;
    this.state = 'running';
    this.stats.runs++;
    this.startedAt = Date.now();
    const abort = new AbortController();
    this.abort = abort;
    const current = () => run === this.run && !abort.signal.aborted;

    let batcher: Batcher | undefined;
    let lastStatus = '';
    const notify = (notice: SourceNotice) => {
      if (!current()) return;
      batcher?.flush();
      if (notice.type === 'looped') {
        this.pass = notice.pass;
        if (this.config.resetStagesOnLoop) this.restartDerived?.();
        this.startHistoryPass();
        this.publish('looped', { pass: notice.pass }, 0);
      } else if (notice.type === 'replay') {
        // A seek's rows start a new segment: new viewers get none of the rows before it, and the
        // history keeps them as a pass of their own (a seek back would otherwise hold two copies
        // of the same times in one pass).
        if (notice.data.jump) {
          this.segmentStart = this.seq + 1;
          this.startHistoryPass();
        }
        this.publish('replay', notice.data, 0);
      } else if (notice.type === 'seeded') {
        const range = this.seeded.summary();
        const since = new Date(notice.since).toISOString();
        const { messages, older, ranges } = notice;
        this.logger.info(
          { run, messages, older, since, ...range, kept: this.history.rows, offsets: ranges },
          'history seeded from the topic',
        );
      } else {
        const status = { state: notice.state, message: notice.message ?? null };
        const key = JSON.stringify(status);
        if (key === lastStatus) return; // a source retrying says the same thing again: tell viewers once
        lastStatus = key;
        this.sourceStatus = notice.state;
        this.publish('status', status, 0);
      }
    };
    let source: DataSource;
    try {
      source = this.createSource(notify);
    } catch (error) {
      this.source = undefined;
      this.fail(run, error);
      return;
    }
    this.source = source;
    this.positioned = source.positioned === true;
    this.cursorIds = this.positioned ? new CursorIds() : undefined;
    // Batches are made of pipeline output: every event type carries rows as the stages left them.
    batcher = new Batcher(
      this.config.batch,
      source.nominalRate,
      (row, position) => this.publish('update', row, 1, position),
      (rows, positions) => this.publish('batch', this.encoder.columns(rows), rows.length, positions),
    );
    this.publish('started', { run, startedAt: new Date(this.startedAt).toISOString(), rate: source.nominalRate ?? null }, 0);
    this.logger.info({ run }, 'stream started');
    // A previous run's loop may still be unwinding; the new one starts reading after it has.
    const paced = batcher;
    const mark = (m: Omit<Mark, 'seq'>) => {
      if (!current()) return;
      paced.flush(); // the rows batched before it go first
      this.publishMark(m);
    };
    this.restartDerived = undefined;
    const pipeline = async () => {
      const stages = await stagesForRun(this.config, { timeName: this.timeName, source, signal: abort.signal, mark });
      if (current()) this.restartDerived = stages.restartDerived;
      return stages.stage;
    };
    this.running = (previous ?? Promise.resolve()).then(() => this.read(run, source, pipeline, paced, current, abort.signal));
  }

  /** Makes the first run wait for `previous` (the channel this one replaces) to finish stopping. */
  startAfter(previous: Promise<void>): void {
    this.running ??= previous;
  }

  /** Stops reading. Viewers (if any) stay connected and are told by `reason` when it is given. */
  async stop(): Promise<void> {
    this.cancelIdleStop();
    this.abort?.abort();
    if (this.state === 'running') this.state = 'idle';
    await this.running;
  }

  /**
   * Ends every viewer with a final `end` event: the daemon is shutting down, or the stream was
   * removed or changed by a config reload. `retryMs` gives each viewer its own reconnect delay
   * (spread out, so a restarted daemon is not hit by every viewer at once).
   */
  closeViewers(why: 'removed' | 'changed' | 'shutdown', retryMs?: () => number): void {
    const end = formatEvent(newestId(this.log, this.run), 'end', JSON.stringify({ reason: why }));
    for (const viewer of [...this.viewers]) {
      this.viewers.delete(viewer);
      viewer.close(why === 'changed' ? 'removed' : why, retryMs ? formatRetry(retryMs()) + end : end);
    }
  }

  private meta(): MetaData {
    const source = this.source;
    return {
      ...this.info(),
      run: this.run,
      startedAt: new Date(this.startedAt).toISOString(),
      rate: source?.nominalRate ?? null,
      progress: source?.progress?.() ?? null,
      pass: this.pass,
      ...(source?.replay ? { replay: source.replay.data() } : {}),
    };
  }

  private async read(
    run: string,
    source: DataSource,
    makePipeline: () => Promise<Stage>,
    paced: Batcher,
    current: () => boolean,
    signal: AbortSignal,
  ): Promise<void> {
    let rows = 0;
    const progressEvery = this.config.progressEveryMs;
    let nextProgress = progressEvery > 0 && source.progress ? now() + progressEvery : Number.POSITIVE_INFINITY;
    try {
      const pipeline = await makePipeline();
      for await (const item of source.read(signal)) {
        if (!current()) break;
        const batch = rowsOf(item);
        this.stats.rowsRead += batch.length;
        rows += batch.length;
        // The one place rows pass through the stages: once each, before batching.
        const out = runPipeline(pipeline, batch, positionsOf(item));
        this.history.append(out.rows);
        // Seed rows are history only: a viewer gets them from /history (the element's `range`).
        if (isBackfill(item)) this.seeded.add(out.rows);
        else paced.addAll(out.rows, out.positions);
        if (nextProgress !== Number.POSITIVE_INFINITY && now() >= nextProgress) {
          nextProgress = now() + progressEvery;
          paced.flush();
          this.publish('progress', source.progress!(), 0);
        }
      }
    } catch (error) {
      if (!current()) return paced.discard();
      paced.flush(); // the rows read before the error still go out, ahead of the error event
      this.fail(run, error);
      return;
    }
    if (!current()) {
      paced.discard();
      this.logger.info({ run }, 'stream stopped');
      return;
    }
    paced.flush();
    this.publish('jobfinished', { rows, progress: source.progress?.() ?? null, skipped: source.skipped?.() ?? 0 }, 0);
    this.state = 'finished';
    this.logger.info({ run }, 'stream finished');
    for (const viewer of [...this.viewers]) {
      this.viewers.delete(viewer);
      viewer.close('finished');
    }
  }

  private fail(run: string, error: unknown): void {
    if (run !== this.run) return;
    this.stats.sourceErrors++;
    const message = error instanceof SourceError ? error.message : 'the source failed';
    this.logger.error({ run, err: error }, 'source error');
    this.publish('sourceerror', { message }, 0);
    this.state = 'failed';
    for (const viewer of [...this.viewers]) {
      this.viewers.delete(viewer);
      viewer.close('finished');
    }
  }

  /** Publishes a state change or an alert transition, and remembers it for viewers that join later. */
  private publishMark(mark: Omit<Mark, 'seq'>): void {
    this.publish(mark.name, mark.payload, 0);
    this.marks.record({ ...mark, seq: this.seq } as Mark);
    if (mark.name === 'alert') {
      const alert = mark.payload as AlertData;
      this.alertTransitions.get(alert.rule)![alert.state]++;
      this.logger.info({ rule: alert.rule, state: alert.state, at: alert.at, value: alert.value }, `alert ${alert.rule} ${alert.state}`);
    } else {
      this.logger.debug({ state: (mark.payload as StateData).value, at: (mark.payload as StateData).at }, 'state changed');
    }
  }

  /** Frames an event once, keeps it (with its payload) for resuming viewers, and writes it to every viewer. */
  private publish(name: string, payload: unknown, rows: number, positions?: number[]): void {
    const seq = ++this.seq;
    const id = (positions ? this.cursorIds?.forData(positions) : this.cursorIds?.forLifecycle()) ?? formatEventId(this.run, seq);
    const frame = this.encoder.frame(id, name, payload);
    this.log.append({ seq, id, name, rows, frame, payload, positions });
    this.stats.events++;
    for (const viewer of this.viewers) {
      if (viewer.send(frame, seq)) {
        this.stats.rowsSent += rows;
        this.stats.bytesSent += frame.length;
      }
    }
  }

  private scheduleIdleStop(): void {
    this.cancelIdleStop();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.viewers.size === 0) void this.stop();
    }, this.config.idleStopMs);
  }

  private cancelIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
