import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ConfigProblem } from '../config/errors.js';
import type { ServerConfig, StreamConfig } from '../config/schema.js';
import type { DataDir } from '../sources/data-dir.js';
import type { SourceRegistry } from '../sources/registry.js';
import { SourceError } from '../sources/types.js';
import { StreamChannel } from './channel.js';
import { HEARTBEAT } from './sse.js';
import { Viewer, type ViewerEnd } from './viewer.js';

export interface HubOptions {
  registry: SourceRegistry;
  dataDir: DataDir;
  logger: Logger;
  server: ServerConfig;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

/** All streams of the daemon, the viewer limits, and the shared heartbeat. */
export class StreamHub {
  private readonly channels = new Map<string, StreamChannel>();
  private readonly viewers = new Set<Viewer>();
  private extraViewers = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private server: ServerConfig;
  /** Set while shutting down: no new viewers. */
  draining = false;

  constructor(private readonly options: HubOptions) {
    this.server = options.server;
  }

  /** Viewers of streams plus replays of the original demo's endpoint. */
  /** The server settings in force. */
  get settings(): ServerConfig {
    return this.server;
  }

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
  load(streams: readonly StreamConfig[]): void {
    for (const config of streams) this.channels.set(config.id, this.createChannel(config));
  }

  /** Starts the streams marked autostart, and the heartbeat. */
  start(): void {
    for (const channel of this.channels.values()) if (channel.config.autostart) channel.start();
    this.heartbeat ??= setInterval(() => this.beat(), this.server.heartbeatMs);
  }

  /** Runs each source's own checks (files exist, columns are in the header). */
  async check(): Promise<ConfigProblem[]> {
    const problems: ConfigProblem[] = [];
    await Promise.all(
      this.list().map(async (channel) => {
        try {
          await channel.createSource().check?.();
        } catch (error) {
          const message = error instanceof SourceError ? error.message : String(error);
          problems.push({ file: channel.config.file, path: `stream "${channel.id}" (source)`, message });
        }
      }),
    );
    return problems;
  }

  /** Whether one more viewer may connect to `channel`. */
  admit(channel: StreamChannel): Admission {
    if (this.draining) return { ok: false, retryAfterSeconds: 5, message: 'the server is shutting down' };
    if (this.viewerCount >= this.server.maxViewers) {
      return { ok: false, retryAfterSeconds: 5, message: 'too many viewers on this server' };
    }
    if (channel.viewerCount >= this.server.maxViewersPerStream) {
      return { ok: false, retryAfterSeconds: 5, message: 'too many viewers on this stream' };
    }
    return { ok: true };
  }

  /** Counts a connection that is not a stream viewer (a /runPredict replay) against the limit. */
  acquireExtraViewer(): boolean {
    if (this.draining || this.viewerCount >= this.server.maxViewers) return false;
    this.extraViewers++;
    return true;
  }

  releaseExtraViewer(): void {
    this.extraViewers = Math.max(0, this.extraViewers - 1);
  }

  /** Makes a viewer of an already-answered (200, SSE headers sent) response and attaches it. */
  connect(channel: StreamChannel, res: ServerResponse, lastEventId: string | undefined): Viewer {
    const viewer = new Viewer(
      res,
      { maxQueueBytes: this.server.viewerQueue.bytes, maxQueueEvents: this.server.viewerQueue.events },
      (v: Viewer, why: ViewerEnd) => {
        this.viewers.delete(v);
        channel.detach(v, why);
      },
    );
    this.viewers.add(viewer);
    channel.attach(viewer, lastEventId);
    return viewer;
  }

  /** Stops every source and ends every viewer; used at shutdown. */
  async close(why: 'shutdown' = 'shutdown', retryMs?: number): Promise<void> {
    this.draining = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const channel of this.channels.values()) channel.closeViewers(why, retryMs);
    await Promise.all(this.list().map((c) => c.stop()));
  }

  private beat(): void {
    for (const viewer of this.viewers) viewer.send(HEARTBEAT);
  }

  private createChannel(config: StreamConfig): StreamChannel {
    const plugin = this.options.registry.get(config.source.type);
    if (!plugin) throw new TypeError(`no source plugin for type ${config.source.type}`);
    return new StreamChannel(config, {
      plugin,
      dataDir: this.options.dataDir,
      logger: this.options.logger,
      retryMs: () => this.server.retryMs,
    });
  }
}
