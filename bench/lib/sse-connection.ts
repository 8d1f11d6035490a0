// One SSE viewer over a raw TCP socket: a hand-written GET, then the response parsed cheaply.
import { connect, type Socket } from 'node:net';
import { wallClock } from './clock.js';
import { ChunkedDecoder, describeEvent, FrameSplitter, frameFields, HeadReader, type EventInfo } from './sse-wire.js';

/**
 * Event descriptions shared by all connections of a worker: every viewer of a stream receives the
 * same events, so each is interpreted once (keyed by event name and id).
 */
export class EventCache {
  private readonly entries = new Map<string, EventInfo>();
  constructor(private readonly limit = 20_000) {}

  get(key: string, compute: () => EventInfo): EventInfo {
    let info = this.entries.get(key);
    if (info === undefined) {
      info = compute();
      this.entries.set(key, info);
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    return info;
  }
}

/**
 * One read buffer shared by every socket of the process (`onread`): no allocation per read and no
 * stream machinery. Safe because each read is parsed synchronously; parsers copy what they keep.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** Events of the original demo's endpoint, which carry no id: known without reading their data. */
const LEGACY_EVENTS: Record<string, EventInfo> = {
  update: { event: 'update', rows: 1 },
  jobfinished: { event: 'jobfinished', rows: 0 },
};

export interface ConnectionHandler {
  onEvent(connection: SseConnection, info: EventInfo, receivedAt: number): void;
  onClose(connection: SseConnection): void;
}

export interface Target {
  host: string;
  port: number;
  path: string;
}

export class SseConnection {
  readonly connectAt = wallClock();
  /** When the TCP connection was established (NaN before). */
  tcpAt = Number.NaN;
  status = 0;
  /** When the response head arrived (NaN before). */
  headAt = Number.NaN;
  failure: string | undefined;
  closed = false;
  bytes = 0;
  events = 0;
  rows = 0;
  metaAt = Number.NaN;
  firstRowAt = Number.NaN;
  finishedAt = Number.NaN;
  /** The stream's schedule, from `meta`/`started`. */
  runStartedAt = Number.NaN;
  rowIntervalMs = Number.NaN;
  timeField = 'timestamp';
  /** Highest row index seen (rows are counted once). */
  lastRow = Number.NEGATIVE_INFINITY;
  measuredRows = 0;
  /** Legacy: (row, arrival) pairs received since the window was set, measured at the report. */
  legacyArrivals: number[] = [];
  /** Legacy: the earliest start implied by any row so far (arrival − row × interval). */
  legacyStart = Number.POSITIVE_INFINITY;
  private readonly socket: Socket;
  private receivedAt = 0;
  private head: HeadReader | undefined = new HeadReader();
  private body: ((buf: Buffer, start: number, end: number) => void) | undefined;

  constructor(
    target: Target,
    private readonly cache: EventCache,
    private readonly handler: ConnectionHandler,
    localAddress?: string,
    /** The original demo's endpoint: events without `id:` are counted (see OpenCommand.legacy). */
    readonly legacy = false,
  ) {
    const socket = connect({
      host: target.host,
      port: target.port,
      ...(localAddress ? { localAddress } : {}),
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number) => {
          this.onData(READ_BUFFER, bytes);
          return true;
        },
      },
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.tcpAt = wallClock();
      socket.write(
        `GET ${target.path} HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n`,
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= error.code ?? error.message;
    });
    socket.on('close', () => {
      this.closed = true;
      this.handler.onClose(this);
    });
  }

  /**
   * Closes with a reset: no TIME_WAIT is left behind on the client's side. (After a few runs of
   * 10,000 viewers, closed sockets waiting out TIME_WAIT would use up the ephemeral ports and
   * make new connections slow to open.)
   */
  destroy(): void {
    if (this.socket.destroyed) return;
    if (this.socket.readyState === 'open') this.socket.resetAndDestroy();
    else this.socket.destroy();
  }

  private onData(buffer: Buffer, length: number): void {
    this.receivedAt = wallClock();
    this.bytes += length;
    try {
      if (this.head) {
        const split = this.head.push(buffer.subarray(0, length));
        if (!split) return;
        this.head = undefined;
        this.status = split.head.status;
        this.headAt = this.receivedAt;
        if (split.head.status !== 200) {
          this.failure = `HTTP ${split.head.status}`;
          this.socket.destroy();
          return;
        }
        const frames = new FrameSplitter((buf, start, end) => this.onFrame(buf, start, end));
        if (split.head.chunked) {
          const chunks = new ChunkedDecoder(
            (buf, start, end) => frames.push(buf, start, end),
            () => this.socket.end(),
          );
          this.body = (buf, start, end) => chunks.push(buf, start, end);
        } else {
          this.body = (buf, start, end) => frames.push(buf, start, end);
        }
        if (split.rest.length > 0) this.body(split.rest, 0, split.rest.length);
        return;
      }
      this.body?.(buffer, 0, length);
    } catch (error) {
      this.failure = `protocol: ${(error as Error).message}`;
      this.socket.destroy();
    }
  }

  private onFrame(buf: Buffer, start: number, end: number): void {
    const fields = frameFields(buf, start, end);
    if (this.legacy && fields.id === undefined) {
      const info = LEGACY_EVENTS[fields.event];
      if (info === undefined) return;
      this.events++;
      this.handler.onEvent(this, info, this.receivedAt);
      return;
    }
    if (fields.id === undefined || fields.dataStart === -1) return; // retry: lines, comments (heartbeats)
    this.events++;
    const info = this.cache.get(`${fields.event} ${fields.id}`, () =>
      describeEvent(fields.event, buf.toString('utf8', fields.dataStart, fields.dataEnd), this.timeField),
    );
    if (info.timeField) this.timeField = info.timeField;
    this.handler.onEvent(this, info, this.receivedAt);
  }
}
