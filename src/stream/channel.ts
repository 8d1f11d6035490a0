import type { StreamConfig } from '../config/schema.js';
import type { SourceStatus, StreamInfo, StreamState } from '../protocol/events.js';
import type { ReplayControl } from '../sources/replay-control.js';
import type { DataSource, SourceNotice } from '../sources/types.js';
import type { HistorySource } from './history-query.js';
import { hasAll, joinRun, newestId, resumeRun } from './join.js';
import { StreamRun, type RunContext } from './run.js';
import type { RestoredRun } from './run-restore.js';
import type { DurableStream } from '../store/types.js';
import { formatEvent, formatRetry } from './sse.js';
import { createStreamSource, type SourceMaker } from './stream-source.js';
import { describeStream, streamShape } from './stream-shape.js';
import { AlertCounts, emptyStats, type AlertTransitions, type ChannelStats } from './stream-stats.js';
import type { Viewer, ViewerEnd } from './viewer.js';

/**
 * One stream and its viewers. One run at a time reads the source for all of them (StreamRun); the
 * channel starts a run when a viewer comes, stops it a while after the last one leaves (unless the
 * stream autostarts), and swaps in a new run when a stopped or ended one gets a new viewer. A new
 * viewer first gets the recent rows; a returning one gets exactly what it missed, or a reset.
 */
export class StreamChannel {
  readonly id: string;
  readonly stats: ChannelStats = emptyStats();
  private readonly viewers = new Set<Viewer>();
  private readonly context: RunContext;
  /** The current run; before the first start, one that never starts (nothing read, nothing kept). */
  private run: StreamRun;
  /** The reading of the latest run (or of the channel this one replaces): the next run reads after it. */
  private reading: Promise<void> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** A reload is replacing it: viewers that reach it are sent to the new one. */
  private retiring = false;

  constructor(
    readonly config: StreamConfig,
    private readonly deps: SourceMaker & { retryMs: () => number },
    /** Its part of the store (undefined: memory only), and the run stored there to continue. */
    readonly durable?: { stream: DurableStream; restored?: RestoredRun },
  ) {
    this.id = config.id;
    const logger = deps.logger.child({ stream: config.id });
    const shape = streamShape(config);
    this.context = {
      config,
      shape,
      logger,
      stats: this.stats,
      alerts: new AlertCounts(config.alerts, logger),
      viewers: this.viewers,
      createSource: (notify, resumeFrom) => this.createSource(notify, resumeFrom),
      writer: durable?.stream.writer,
      storeBehind: durable ? () => storeBehind(durable.stream) : undefined,
      ended: () => this.closeAll('finished'),
    };
    this.run = new StreamRun(this.context, durable?.restored);
  }

  get state(): StreamState {
    return this.run.state;
  }

  /** What the source last said about its connection (sources without one say nothing). */
  get sourceStatus(): SourceStatus | undefined {
    return this.run.notices.sourceStatus;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  info(): StreamInfo {
    return {
      ...describeStream(this.config, this.context.shape),
      state: this.state,
      status: this.sourceStatus ?? null,
      viewers: this.viewers.size,
    };
  }

  /** Per alert rule: firing now (in the current run), and its transitions over all runs. */
  alertStatus(): { rule: string; firing: boolean; transitions: AlertTransitions }[] {
    return this.context.alerts.status(this.run.marks.firing());
  }

  /** The kept history of the current run, for /history queries. */
  historySource(): HistorySource {
    return this.run.history.source(this.id, this.run.id, this.state === 'running', this.run.marks);
  }

  /** Rows and bytes the history keeps, for metrics. */
  historyStats(): { rows: number; bytes: number } {
    return { rows: this.run.history.store.rows, bytes: this.run.history.store.bytes };
  }

  /** The current source's own counters (e.g. malformed Kafka messages), for metrics. */
  sourceCounters(): Record<string, number> {
    return this.run.source?.counters?.() ?? {};
  }

  /** Whether the stream's source is a replay an operator can control (a file, not Kafka or MQTT). */
  get replayable(): boolean {
    return this.deps.plugin.replayable === true;
  }

  /** The control of the running replay; undefined when no run is reading (idle, finished, failed). */
  replayControl(): ReplayControl | undefined {
    return this.state === 'running' ? this.run.source?.replay : undefined;
  }

  /** Whether the stream can serve viewers: a running source that has a connection must be live. */
  isReady(): boolean {
    return this.run.ready;
  }

  /** Creates a source instance for this stream (used for runs and for start-up checks). */
  createSource(notify: (notice: SourceNotice) => void = () => {}, resumeFrom?: unknown): DataSource {
    return createStreamSource(this.config, { ...this.deps, logger: this.context.logger }, notify, resumeFrom);
  }

  /** True when `lastEventId` is the end of a finished run: the client has everything (answer 204). */
  isComplete(lastEventId: string | undefined): boolean {
    return hasAll(this.run, lastEventId);
  }

  /** Adds a viewer: sends it what it missed (or the recent rows), then keeps it live. */
  attach(viewer: Viewer, lastEventId: string | undefined): void {
    if (this.retiring) {
      viewer.close('removed', formatRetry(this.deps.retryMs()) + formatEvent(undefined, 'end', JSON.stringify({ reason: 'changed' })));
      return;
    }
    this.cancelIdleStop();
    if (this.state === 'idle') this.start(); // a stopped run cannot be resumed: start a new one
    const plan = lastEventId ? resumeRun(this.run, lastEventId) : undefined;
    if (plan && 'replay' in plan) this.stats.resumes++;
    else {
      if (plan) this.stats.resets++;
      if (this.state !== 'running') this.start(); // an ended run has nothing more: a new viewer gets a new run
    }
    const join = joinRun(this.run, plan, { retryMs: this.deps.retryMs(), rows: this.config.history.rows, info: this.info() });
    if (!viewer.sendJoin(join.bytes)) {
      this.stopWhenUnwatched(); // it left before it joined
      return;
    }
    this.stats.rowsSent += join.rows;
    if (plan && 'replay' in plan) {
      viewer.skipThrough = plan.skipThrough;
      viewer.skipAfter = plan.skipAfter;
    }
    if (this.state === 'running') this.viewers.add(viewer);
    else viewer.close('finished'); // the run is over and the replay included its end
  }

  /** Called by the viewer when it ends for any reason. */
  detach(viewer: Viewer, why: ViewerEnd): void {
    if (!this.viewers.delete(viewer)) return;
    if (why === 'slow') {
      this.stats.slowDisconnects++;
      this.context.logger.debug({ viewer: viewer.id }, 'viewer too slow: disconnected (it resumes on reconnect)');
    }
    this.stopWhenUnwatched();
  }

  /**
   * Starts reading, unless a run is: a stopped run of a stream with a store goes on where it
   * stopped; otherwise a new run (a new run id, an empty log and history, a fresh source).
   */
  start(): void {
    if (this.state === 'running') return;
    this.stats.runs++;
    if (!this.run.continues) this.run = new StreamRun(this.context);
    this.reading = this.run.start(this.reading);
  }

  /** A reload replaces it (with the same history): it stops, and sends viewers that still reach it on. */
  async retire(): Promise<void> {
    this.retiring = true;
    await this.stop();
  }

  /** Makes the first run wait for `previous` (the channel this one replaces) to finish stopping. */
  startAfter(previous: Promise<void>): void {
    this.reading ??= previous;
  }

  /** Stops reading. Viewers (if any) stay connected. */
  async stop(): Promise<void> {
    this.cancelIdleStop();
    this.run.stop();
    await this.reading;
  }

  /**
   * Ends every viewer with a final `end` (shutdown, or the stream removed or changed by a reload);
   * `retryMs` gives each its own reconnect delay, so that a restarted daemon is not hit by all at once.
   */
  closeViewers(why: 'removed' | 'changed' | 'shutdown', retryMs?: () => number): void {
    const end = formatEvent(newestId(this.run.log, this.run.id), 'end', JSON.stringify({ reason: why }));
    this.closeAll(why === 'changed' ? 'removed' : why, () => (retryMs ? formatRetry(retryMs()) + end : end));
  }

  private closeAll(why: ViewerEnd, last?: () => string): void {
    for (const viewer of [...this.viewers]) {
      this.viewers.delete(viewer);
      viewer.close(why, last?.());
    }
  }

  /** With no viewer left, a run stops idleStopMs later (unless the stream autostarts, or a viewer comes: attach cancels it). */
  private stopWhenUnwatched(): void {
    if (this.viewers.size > 0 || this.state !== 'running' || this.config.autostart) return;
    this.cancelIdleStop();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      void this.stop();
    }, this.config.idleStopMs);
  }

  private cancelIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** Rows a stream's store may have waiting for a commit before reading waits (about 20 MB of rows). */
const MAX_PENDING_ROWS = 200_000;

function storeBehind(stream: DurableStream): Promise<void> | undefined {
  return stream.pendingRows > MAX_PENDING_ROWS ? stream.flush() : undefined;
}
