import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ServerConfig, StreamConfig } from '../config/schema.js';
import type { DataDir } from '../sources/data-dir.js';
import type { SourceRegistry } from '../sources/registry.js';
import type { SourcePlugin } from '../sources/types.js';
import { SourceError } from '../sources/errors.js';
import { StreamChannel } from './channel.js';
import { addStats, type AlertTransitions, type ChannelStats } from './stream-stats.js';
import { encodeEvent, HEARTBEAT } from './sse.js';
import { Viewer, type ViewerEnd } from './viewer.js';
import type { DurableStreams } from '../store/types.js';
import { type DurablePart, openDurablePart } from './durable-parts.js';

export interface HubOptions {
  registry: SourceRegistry;
  dataDir: DataDir;
  logger: Logger;
  server: ServerConfig;
  /** The store streams are written to (undefined: memory only). */
  store?: DurableStreams;
  /** The store that was asked for and could not be opened (the streams run memory only). */
  storeFailure?: { path: string; message: string };
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number; message: string; reason: RefusalReason };
export type RefusalReason = 'draining' | 'daemon-full' | 'stream-full';

/** What a reload changed. */
export interface StreamChanges {
  added: string[];
  removed: string[];
  changed: string[];
  /** The dashboards it added, removed or changed (see main.ts; the hub has none). */
  dashboards?: string[];
}

/** A stream whose source failed its checks (a missing file, a column not in the header). */
export interface SourceProblem {
  stream: StreamConfig;
  message: string;
}

/** All streams of the daemon, the viewer limits, and the shared heartbeat. */
export class StreamHub {
  private readonly channels = new Map<string, StreamChannel>();
  private readonly viewers = new Set<Viewer>();
  /** Counters of channels replaced or removed by reloads, so totals per stream never go down. */
  private readonly retired = new Map<string, ChannelStats>();
  /** Alert transitions of replaced or removed channels: `stream` → rule → counts. */
  private readonly retiredAlerts = new Map<string, Map<string, AlertTransitions>>();
  private extraViewers = 0;
  /** Streams a reload is replacing with a new version continued from the store. */
  private readonly replacing = new Map<string, Promise<void>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private server: ServerConfig;
  /** Connections answered 503, by reason. */
  readonly refused: Record<RefusalReason, number> = { draining: 0, 'daemon-full': 0, 'stream-full': 0 };
  /** Set while shutting down: /readyz answers 503 and no new viewers are taken. */
  draining = false;

  constructor(private readonly options: HubOptions) {
    this.server = options.server;
  }

  /** The server settings in force. */
  get settings(): ServerConfig {
    return this.server;
  }

  /** The store, and whether it writes (undefined: memory only). */
  get store(): DurableStreams | undefined {
    return this.options.store;
  }

  /** How the store is, for /readyz: its file and whether it writes, why it could not be opened, or memory only. */
  storeHealth(): { ok: boolean; path?: string; message?: string; memoryOnly?: true } {
    const { store, storeFailure } = this.options;
    if (store) return { path: store.file, ...store.health() };
    return storeFailure ? { ok: false, ...storeFailure } : { ok: true, memoryOnly: true };
  }

  /** What the streams' sources are read with; a backtest reads a stream's file the same way. */
  get sources(): { registry: SourceRegistry; dataDir: DataDir; logger: Logger } {
    const { registry, dataDir, logger } = this.options;
    return { registry, dataDir, logger };
  }

  /** Viewers of streams plus replays of the original demo's endpoint. */
  get viewerCount(): number {
    return this.viewers.size + this.extraViewers;
  }

  get(id: string): StreamChannel | undefined {
    return this.channels.get(id);
  }

  list(): StreamChannel[] {
    return [...this.channels.values()];
  }

  /** Creates the channels for a set of streams (at start-up). */
  load(streams: readonly StreamConfig[], parts: ReadonlyMap<string, DurablePart | undefined> = new Map()): void {
    for (const config of streams) this.channels.set(config.id, this.createChannel(config, parts.get(config.id)));
  }

  /** Opens the streams' parts of the store (and what each continues), for load. */
  async openDurable(streams: readonly StreamConfig[]): Promise<Map<string, DurablePart | undefined>> {
    const store = this.options.store;
    const parts = new Map<string, DurablePart | undefined>();
    if (!store) return parts;
    for (const config of streams) parts.set(config.id, await openDurablePart(store, config, this.options.logger));
    return parts;
  }

  /** The source types this daemon knows (for metrics that every plugin declares). */
  sourcePlugins(): SourcePlugin[] {
    return this.options.registry.list();
  }

  /** Starts the streams marked autostart, and the heartbeat. */
  start(): void {
    // A stored run that had finished stays finished (its history is served); a viewer starts it again.
    for (const channel of this.channels.values()) if (channel.config.autostart && channel.state !== 'finished') channel.start();
    this.restartHeartbeat();
  }

  /** Runs each source's own checks (files exist, columns are in the header). */
  async check(streams: readonly StreamConfig[] = this.list().map((c) => c.config)): Promise<SourceProblem[]> {
    const problems: SourceProblem[] = [];
    await Promise.all(
      streams.map(async (config) => {
        try {
          await this.createChannel(config).createSource().check?.();
        } catch (error) {
          const message = error instanceof SourceError ? error.message : String(error);
          problems.push({ stream: config, message });
        }
      }),
    );
    return problems;
  }

  /**
   * Applies a reloaded config: new streams appear, removed ones end with `end {reason: removed}`
   * to their viewers, changed ones end with `end {reason: changed}` (their viewers reconnect to
   * the new version) and restart. Unchanged streams keep running untouched.
   */
  async apply(server: ServerConfig, streams: readonly StreamConfig[]): Promise<StreamChanges> {
    const changes: StreamChanges = { added: [], removed: [], changed: [] };
    const next = new Map(streams.map((s) => [s.id, s]));
    const retry = () => this.jitteredRetry();
    const stopping: Promise<void>[] = [];
    // With a store, a changed stream's run stops and commits first; its new version continues it
    // from the store (or starts a new history there, when its source, columns or stages changed).
    const replaced = new Set<string>();
    for (const [id, channel] of [...this.channels]) {
      const config = next.get(id);
      if (!config || sameStream(config, channel.config) || !channel.durable) continue;
      replaced.add(id);
      changes.changed.push(id);
      channel.closeViewers('changed', retry);
      this.retire(channel);
      const replacement = this.replaceDurable(channel, channel.durable, config);
      // Viewers that arrive meanwhile wait for the new version (see connect).
      this.replacing.set(id, replacement);
      await replacement;
      this.replacing.delete(id);
    }
    for (const [id, channel] of [...this.channels]) {
      const config = next.get(id);
      if (replaced.has(id) || (config && sameStream(config, channel.config))) continue;
      channel.closeViewers(config ? 'changed' : 'removed', retry);
      this.retire(channel); // its counters stay in the totals while it stops
      const stopped = channel.stop();
      stopping.push(stopped);
      this.channels.delete(id);
      (config ? changes.changed : changes.removed).push(id);
      if (config) {
        // The new version takes the old one's place at once, so a viewer that reconnects on the
        // `end` reaches it and never the stopping one; its source opens after the old one closed.
        const fresh = this.createChannel(config);
        fresh.startAfter(stopped);
        this.channels.set(id, fresh);
        if (config.autostart) fresh.start();
      }
    }
    for (const config of streams) {
      if (this.channels.has(config.id)) continue;
      changes.added.push(config.id);
      const part = this.options.store ? await openDurablePart(this.options.store, config, this.options.logger) : undefined;
      const channel = this.createChannel(config, part);
      this.channels.set(config.id, channel);
      if (config.autostart) channel.start();
    }
    // Keep the config's order for the picker.
    const ordered = streams.map((s) => this.channels.get(s.id)!);
    this.channels.clear();
    for (const channel of ordered) this.channels.set(channel.id, channel);
    const heartbeatChanged = server.heartbeatMs !== this.server.heartbeatMs;
    this.server = server;
    if (heartbeatChanged && this.heartbeat) this.restartHeartbeat();
    if (changes.added.length + changes.removed.length + changes.changed.length > 0) this.announce(changes);
    await Promise.all(stopping);
    return changes;
  }

  /** Counters per stream id, including those of channels that reloads replaced. */
  totals(): Map<string, ChannelStats> {
    const totals = new Map<string, ChannelStats>();
    for (const [id, stats] of this.retired) totals.set(id, { ...stats });
    for (const channel of this.channels.values()) {
      const sum = totals.get(channel.id);
      totals.set(channel.id, sum ? addStats(sum, channel.stats) : { ...channel.stats });
    }
    return totals;
  }

  /**
   * Per stream and alert rule: transitions over every version of the stream (a rule a reload
   * removed keeps its counts), and whether it fires now (only rules of the current config can).
   */
  alertTotals(): { stream: string; rule: string; firing: boolean; transitions: AlertTransitions }[] {
    const out = new Map<string, { stream: string; rule: string; firing: boolean; transitions: AlertTransitions }>();
    for (const [stream, rules] of this.retiredAlerts) {
      for (const [rule, t] of rules) out.set(`${stream}\n${rule}`, { stream, rule, firing: false, transitions: { ...t } });
    }
    for (const channel of this.channels.values()) {
      for (const a of channel.alertStatus()) {
        const key = `${channel.id}\n${a.rule}`;
        const earlier = out.get(key)?.transitions ?? { firing: 0, resolved: 0 };
        out.set(key, {
          stream: channel.id,
          rule: a.rule,
          firing: a.firing,
          transitions: { firing: earlier.firing + a.transitions.firing, resolved: earlier.resolved + a.transitions.resolved },
        });
      }
    }
    return [...out.values()];
  }

  /** Whether one more viewer may connect to `channel`. */
  admit(channel: StreamChannel): Admission {
    const daemon = this.admitToDaemon();
    if (!daemon.ok || channel.viewerCount < this.server.maxViewersPerStream) return daemon;
    return this.refuse('stream-full', 'too many viewers on this stream');
  }

  /** Counts a connection that is not a stream viewer (a /runPredict replay) against the limit, if it may connect. */
  acquireExtraViewer(): Admission {
    const admission = this.admitToDaemon();
    if (admission.ok) this.extraViewers++;
    return admission;
  }

  releaseExtraViewer(): void {
    this.extraViewers = Math.max(0, this.extraViewers - 1);
  }

  /** Makes a viewer of an already-answered (200, SSE headers sent) response and attaches it. */
  connect(channel: StreamChannel, res: ServerResponse, lastEventId: string | undefined): Viewer {
    let target = channel;
    const viewer = new Viewer(
      res,
      { maxQueueBytes: this.server.viewerQueue.bytes, maxQueueEvents: this.server.viewerQueue.events },
      (v: Viewer, why: ViewerEnd) => {
        this.viewers.delete(v);
        target.detach(v, why);
      },
    );
    this.viewers.add(viewer);
    const replacing = this.replacing.get(channel.id);
    if (!replacing) {
      channel.attach(viewer, lastEventId);
      return viewer;
    }
    // A reload is putting a new version of the stream in place (it continues from the store): the
    // viewer joins that one, a moment later.
    void replacing.then(() => {
      target = this.channels.get(channel.id) ?? channel;
      if (viewer.isOpen) target.attach(viewer, lastEventId);
    });
    return viewer;
  }

  /** A changed stream with a store: the old version stops and commits, the new one continues from the store. */
  private async replaceDurable(channel: StreamChannel, part: DurablePart, config: StreamConfig): Promise<void> {
    await channel.retire();
    await part.stream.flush();
    const fresh = this.createChannel(config, await openDurablePart(this.options.store!, config, this.options.logger));
    this.channels.set(config.id, fresh);
    if (config.autostart) fresh.start();
  }

  /**
   * Shutdown: every viewer gets a last `retry:` (spread over one to two retry periods, so they do
   * not all come back at the same instant) and an `end` event; then every source stops.
   */
  async close(): Promise<void> {
    this.draining = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const channel of this.channels.values()) channel.closeViewers('shutdown', () => this.jitteredRetry());
    await Promise.all(this.list().map((c) => c.stop()));
  }

  /** One line for the periodic log: viewers and rows per stream. */
  summary(): Record<string, { viewers: number; state: string; rowsRead: number }> {
    const out: Record<string, { viewers: number; state: string; rowsRead: number }> = {};
    for (const channel of this.channels.values()) {
      out[channel.id] = { viewers: channel.viewerCount, state: channel.state, rowsRead: channel.stats.rowsRead };
    }
    return out;
  }

  private admitToDaemon(): Admission {
    if (this.draining) return this.refuse('draining', 'the server is shutting down');
    if (this.viewerCount >= this.server.maxViewers) return this.refuse('daemon-full', 'too many viewers on this server');
    return { ok: true };
  }

  private refuse(reason: RefusalReason, message: string): Admission {
    this.refused[reason]++;
    return { ok: false, retryAfterSeconds: 5, message, reason };
  }

  private jitteredRetry(): number {
    return Math.round(this.server.retryMs * (1 + Math.random()));
  }

  /**
   * Tells every viewer that the list of streams changed (`event: streams`), so pickers refresh.
   * Without an id: it is about the daemon, not a stream's history, and is never replayed.
   */
  announce(changes: StreamChanges): void {
    const frame = encodeEvent(undefined, 'streams', JSON.stringify(changes));
    for (const viewer of this.viewers) viewer.send(frame);
  }

  private restartHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      for (const viewer of this.viewers) viewer.send(HEARTBEAT);
    }, this.server.heartbeatMs);
  }

  private retire(channel: StreamChannel): void {
    const earlier = this.retired.get(channel.id);
    this.retired.set(channel.id, earlier ? addStats(earlier, channel.stats) : { ...channel.stats });
    const rules = this.retiredAlerts.get(channel.id) ?? new Map<string, AlertTransitions>();
    for (const a of channel.alertStatus()) {
      const t = rules.get(a.rule) ?? { firing: 0, resolved: 0 };
      rules.set(a.rule, { firing: t.firing + a.transitions.firing, resolved: t.resolved + a.transitions.resolved });
    }
    if (rules.size > 0) this.retiredAlerts.set(channel.id, rules);
  }

  private createChannel(config: StreamConfig, part?: DurablePart): StreamChannel {
    const plugin = this.options.registry.get(config.source.type);
    if (!plugin) throw new TypeError(`no source plugin for type ${config.source.type}`);
    const deps = { plugin, dataDir: this.options.dataDir, logger: this.options.logger, retryMs: () => this.server.retryMs };
    return new StreamChannel(config, deps, part);
  }
}

/** Two stream configs are the same when everything but the file they came from is equal. */
export function sameStream(a: StreamConfig, b: StreamConfig): boolean {
  const { file: _a, ...left } = a;
  const { file: _b, ...right } = b;
  return JSON.stringify(left) === JSON.stringify(right);
}
