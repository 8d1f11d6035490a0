// Paces every /runPredict replay with one timer: each replay's row i is due at its own start +
// i × interval, and each wake-up writes to every replay that is due.
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { JOB_FINISHED } from './demo-format.js';
import type { FrameSource } from './frame-reader.js';

export interface ReplayPacerOptions {
  /** Between two rows of one replay. */
  intervalMs: number;
  /** Shortest time between two wake-ups: due rows are written at most this late (plus the work). */
  tickMs: number;
  logger: Logger;
  now?: () => number;
}

/** How a replay ended: it sent `jobfinished`, its file failed, the client left, or the daemon stopped. */
export type ReplayEnd = 'finished' | 'failed' | 'left' | 'shutdown';

interface Replay {
  res: ServerResponse;
  source: FrameSource;
  start: number;
  /** The next row to write. */
  next: number;
  /** The socket is full: nothing is written until it drains. */
  blocked: boolean;
  ended: boolean;
  onEnd: (why: ReplayEnd) => void;
}

export class ReplayPacer {
  private readonly replays = new Set<Replay>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private lastTick = Number.NEGATIVE_INFINITY;
  rowsSent = 0;
  bytesSent = 0;
  /** Times a replay's socket was full (the replay then waits for it to drain). */
  stalls = 0;

  constructor(private readonly options: ReplayPacerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Replays in progress. */
  get active(): number {
    return this.replays.size;
  }

  /**
   * Replays `source` to an answered response (status and headers set, nothing written): row 0
   * at once, then on its schedule; `onEnd` is called once when the replay is over.
   */
  start(res: ServerResponse, source: FrameSource, onEnd: (why: ReplayEnd) => void): void {
    const replay: Replay = { res, source, start: this.now(), next: 0, blocked: false, ended: false, onEnd };
    this.replays.add(replay);
    res.on('close', () => this.end(replay, 'left'));
    res.on('drain', () => {
      // The rows that fell due while the client was not reading follow at the next wake-up.
      replay.blocked = false;
      this.arm(this.now());
    });
    this.serve(replay, replay.start);
    if (!replay.ended) this.arm(this.dueOf(replay));
  }

  /** Ends every replay without `jobfinished` (the daemon is stopping). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const replay of this.replays) {
      this.end(replay, 'shutdown');
      replay.res.end();
    }
  }

  private dueOf(replay: Replay): number {
    return replay.start + replay.next * this.options.intervalMs;
  }

  /** Writes every row of `replay` due by `now`, until its socket is full. */
  private serve(replay: Replay, now: number): void {
    const { res, source } = replay;
    while (!replay.blocked && !replay.ended && this.dueOf(replay) <= now) {
      const frame = source.take(replay.next);
      if (frame === undefined) {
        if (source.total === replay.next) {
          this.end(replay, 'finished');
          res.end(JOB_FINISHED);
        } else if (source.failure !== undefined) {
          // As when the original's generator raised: the response ends without `jobfinished`.
          this.options.logger.warn({ err: source.failure, rows: replay.next }, 'runPredict replay failed');
          this.end(replay, 'failed');
          res.end();
        }
        return; // else not read yet: the next wake-up tries again
      }
      replay.next++;
      this.rowsSent++;
      this.bytesSent += frame.length;
      if (!res.write(frame)) {
        replay.blocked = true;
        this.stalls++;
      }
    }
  }

  private tick(): void {
    this.timer = undefined;
    this.wakeAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    this.lastTick = now;
    let next = Number.POSITIVE_INFINITY;
    for (const replay of this.replays) {
      if (replay.blocked) continue;
      try {
        this.serve(replay, now);
      } catch (error) {
        // One broken response must not stop the others' rows.
        this.options.logger.error({ err: error }, 'runPredict write failed');
        this.end(replay, 'failed');
        replay.res.destroy();
        continue;
      }
      if (!replay.ended && !replay.blocked) next = Math.min(next, this.dueOf(replay));
    }
    this.arm(next);
  }

  /** Makes sure a wake-up comes at `at` or, if that is sooner than tickMs after the last one, then. */
  private arm(at: number): void {
    if (!Number.isFinite(at)) return;
    const when = Math.max(at, this.lastTick + this.options.tickMs);
    if (this.timer !== undefined && this.wakeAt <= when) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wakeAt = when;
    this.timer = setTimeout(() => this.tick(), Math.max(0, when - this.now()));
  }

  private end(replay: Replay, why: ReplayEnd): void {
    if (replay.ended) return;
    replay.ended = true;
    this.replays.delete(replay);
    replay.source.release();
    replay.onEnd(why);
    if (this.replays.size === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
    }
  }
}
