import type { Cursor } from './log-cursor.js';
import type { ServerResponse } from 'node:http';

export interface ViewerLimits {
  /** Bytes queued in user space for this viewer before it counts as too slow. */
  maxQueueBytes: number;
  /** Events queued while its socket is backed up before it counts as too slow. */
  maxQueueEvents: number;
}

export type ViewerEnd = 'client' | 'slow' | 'finished' | 'removed' | 'shutdown' | 'error';

/**
 * One connected EventSource. Writes never wait: a viewer that falls further behind than its limits
 * is disconnected, and its EventSource reconnects and resumes from its Last-Event-ID.
 */
export class Viewer {
  private static nextId = 1;
  readonly id = Viewer.nextId++;
  /** Back after a crash, ahead of what was stored: the rows it already has (see catchUp). */
  skipThrough: number | undefined;
  /** Back after a crash with rows from a partitioned log the store had not: the position it has (see pastCursor). */
  skipAfter: Cursor | undefined;
  private backedUpEvents = 0;
  /** The size of the join (sendJoin) while it is still queued: the limits apply on top of it. */
  private headroom = 0;
  private closed = false;
  private readonly onDrain = () => {
    this.backedUpEvents = 0;
    this.headroom = 0;
  };

  constructor(
    private readonly res: ServerResponse,
    private readonly limits: ViewerLimits,
    private readonly onEnd: (viewer: Viewer, why: ViewerEnd) => void,
  ) {
    res.on('drain', this.onDrain);
    res.on('close', () => this.finish('client'));
    res.on('error', () => this.finish('error'));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Bytes written but not yet taken by the kernel. */
  get queuedBytes(): number {
    return this.res.writableLength;
  }

  /**
   * Writes a viewer's first frames (what it missed, or the recent rows) whatever their size: they
   * are bounded by the stream's own config (history rows, the resume buffer), and a join larger
   * than the queue limit must not turn away every viewer for good (each would reconnect, be cut,
   * and reconnect). Until they are taken, the limits apply on top of them.
   */
  sendJoin(frame: Buffer | string): boolean {
    if (this.closed) return false;
    this.headroom = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    this.res.write(frame);
    return true;
  }

  /** Writes bytes, or disconnects the viewer if they would put it past its limits. Never blocks. */
  send(frame: Buffer | string): boolean {
    if (this.closed) return false;
    const res = this.res;
    const size = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    if (res.writableLength + size > this.limits.maxQueueBytes + this.headroom || this.backedUpEvents >= this.limits.maxQueueEvents) {
      this.close('slow');
      return false;
    }
    if (!res.write(frame)) this.backedUpEvents++;
    return true;
  }

  /** Ends the response after an optional last frame. A slow viewer is cut at once (its queue is dropped). */
  close(why: ViewerEnd, last?: string | Buffer): void {
    if (this.closed) return;
    if (why === 'slow') {
      this.finish(why);
      this.res.destroy();
      return;
    }
    this.finish(why);
    if (last !== undefined && !this.res.destroyed) this.res.end(last);
    else this.res.end();
  }

  private finish(why: ViewerEnd): void {
    if (this.closed) return;
    this.closed = true;
    this.res.off('drain', this.onDrain);
    this.onEnd(this, why);
  }
}
