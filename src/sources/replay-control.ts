import type { ReplayCommand, ReplayData, ReplayState, ReplayStatus } from '../protocol/events.js';
import { now } from './clock.js';

/** A command an operator may not give now, or one out of range: its status and a message safe to show. */
export class ReplayRefusal extends Error {
  override name = 'ReplayRefusal';
  constructor(
    readonly status: 400 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** What a source that can be controlled tells its control: where it is, and how a seek is checked. */
export interface ReplayHost<Plan> {
  /** Whether rows are paced (a speed applies), or read as fast as viewers are served. */
  paced: boolean;
  /** The position and range, for the state and the range a seek may ask for. */
  status(): Pick<ReplayStatus, 'position' | 'range'>;
  /** An operator is looking (a state request or a command): get ready to seek (e.g. start indexing the file). */
  prepare?(): void;
  /** Checks a seek against the file (it may wait for the file's index); throws a ReplayRefusal when out of range. */
  planSeek(seek: NonNullable<ReplayCommand['seek']>): Promise<Plan>;
}

/**
 * The operator's hold on one run of a replay: pause, speed and seek, and the pacing clock they
 * act on. The route gives commands; the source's read loop asks it when a row is due and whether
 * a seek is waiting. A command changes nothing unless all of it is valid.
 *
 * The clock maps schedule offsets (ms of the replay's own timeline, 0 at the start of a segment)
 * to monotonic time: offset `anchorOffset` is due at `anchorWall`, later ones `speed` times faster.
 */
export class ReplayControl<Plan = unknown> {
  state: ReplayState = 'playing';
  speed = 1;
  /** Seeks so far. */
  segment = 0;
  private anchorWall: number;
  private anchorOffset = 0;
  /** The schedule offset where a pause stopped the clock. */
  private pausedAt = 0;
  private seek: Plan | undefined;
  /** The first row of a new segment goes out at once, even when paused. */
  private showNext = false;
  /** Aborted by every command, so a row waiting for its time looks again. */
  private interrupt = new AbortController();
  /** Called after a command that is not a seek (a seek is told by the reader, at the jump). */
  onChange: (data: ReplayData) => void = () => {};
  private host: ReplayHost<Plan> | undefined;
  /** Commands given before the file opened, waiting for `attach`. */
  private hostWaiters = new Set<() => void>();

  constructor(origin: number = now()) {
    this.anchorWall = origin;
  }

  /** Connects the source's side (done once its file is known). */
  attach(host: ReplayHost<Plan>): void {
    this.host = host;
    for (const wake of [...this.hostWaiters]) wake();
  }

  /** The host, once attached; undefined if it is not within `jumpWaitMs`. */
  private attached(): Promise<ReplayHost<Plan> | undefined> {
    return this.host ? Promise.resolve(this.host) : woken(this.hostWaiters, this.jumpWaitMs).then(() => this.host);
  }

  /** The state for `replay` events and `meta`. */
  data(jump = false): ReplayData {
    return {
      state: this.state,
      speed: this.speed,
      position: this.host?.status().position ?? { row: 0, time: null },
      segment: this.segment,
      jump,
    };
  }

  /** The state and the range a seek may ask for (`GET /api/streams/:id/replay`). */
  status(): ReplayStatus {
    this.host?.prepare?.();
    return { ...this.data(), range: this.host?.status().range ?? { rows: null, from: null, to: null } };
  }

  /**
   * Applies a command as a whole: a seek is checked first (that may wait for the file's index);
   * if any part is refused, nothing changes. Returns the state the command leads to; for a seek,
   * once the reader has made the jump (every viewer has been sent it), or after `jumpWaitMs`.
   * A command given while the run is still opening its file waits for it (up to `jumpWaitMs`):
   * a viewer who just connected sees the stream live before the file is open.
   */
  async command(command: ReplayCommand): Promise<ReplayStatus> {
    const host = await this.attached();
    if (!host) throw new ReplayRefusal(409, 'the replay has not opened its file yet');
    if (command.speed !== undefined && !host.paced)
      throw new ReplayRefusal(409, 'this replay is not paced (rate "unlimited"): it has no speed to change');
    const plan = command.seek === undefined ? undefined : await host.planSeek(command.seek);
    if (command.speed !== undefined) this.setSpeed(command.speed);
    if (command.action === 'pause') this.pause();
    if (command.action === 'resume') this.resume();
    if (plan !== undefined) this.seek = plan;
    this.wake();
    if (plan === undefined) this.onChange(this.data());
    else return (await woken(this.jumpWaiters, this.jumpWaitMs)) ?? this.status();
    return this.status();
  }

  /** How long a seek's answer waits for the jump, and a command for the file to open. */
  jumpWaitMs = 5000;
  /** Seeks' answers waiting for the state at the jump (its first row not yet handed over). */
  private jumpWaiters = new Set<(at?: ReplayStatus) => void>();

  /** The seek waiting to be done, taken by the reader (once). */
  takeSeek(): Plan | undefined {
    const plan = this.seek;
    this.seek = undefined;
    return plan;
  }

  get seekPending(): boolean {
    return this.seek !== undefined;
  }

  /**
   * The reader starts a new segment: the row at `offset` of the restarted schedule is due now,
   * whether playing or paused (a paused seek shows where it landed).
   */
  startSegment(offset = 0): void {
    this.segment++;
    this.anchorWall = now();
    this.anchorOffset = offset;
    this.pausedAt = offset;
    this.showNext = true;
    // Answered after the reader has told viewers of the jump (it does so right after this call).
    const at = this.status();
    queueMicrotask(() => {
      for (const done of [...this.jumpWaiters]) done(at);
    });
  }

  /**
   * Waits until the row at schedule `offset` is due (undefined: at once, unless paused). Returns
   * false when the wait ended for another reason: the run stopped, or a seek is waiting.
   */
  async waitFor(offset: number | undefined, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted || this.seek !== undefined) return false;
      if (this.showNext) {
        this.showNext = false;
        return true;
      }
      const delay = this.state === 'paused' ? Number.POSITIVE_INFINITY : offset === undefined ? 0 : this.dueAt(offset) - now();
      // Sleeping for less than a millisecond is not possible with timers; such rows go out in the
      // same turn as their neighbours, and the schedule catches up without drift.
      if (delay < 1) return true;
      await sleepUnlessWoken(Math.min(delay, 2 ** 31 - 1), signal, this.interrupt.signal);
    }
  }

  private dueAt(offset: number): number {
    return this.anchorWall + (offset - this.anchorOffset) / this.speed;
  }

  /** The schedule offset the clock shows now. */
  private current(): number {
    return this.state === 'paused' ? this.pausedAt : this.anchorOffset + (now() - this.anchorWall) * this.speed;
  }

  private setSpeed(speed: number): void {
    if (this.state === 'playing') {
      this.anchorOffset = this.current();
      this.anchorWall = now();
    }
    this.speed = speed;
  }

  private pause(): void {
    if (this.state === 'paused') return;
    this.pausedAt = this.current();
    this.state = 'paused';
  }

  private resume(): void {
    if (this.state === 'playing') return;
    this.anchorWall = now();
    this.anchorOffset = this.pausedAt;
    this.state = 'playing';
  }

  private wake(): void {
    const interrupt = this.interrupt;
    this.interrupt = new AbortController();
    interrupt.abort();
  }
}

/** A signal that aborts after `ms` (its timer cleared by `clear`, so nothing lingers after an answer). */
/** What the next call of a waiter in `waiters` gives, or undefined after `ms` (never rejects). */
function woken<T>(waiters: Set<(value?: T) => void>, ms: number): Promise<T | undefined> {
  const timeout = signalAfter(ms);
  return new Promise((done) => {
    const finish = (value?: T) => {
      waiters.delete(finish);
      timeout.clear();
      done(value);
    };
    waiters.add(finish);
    timeout.signal.addEventListener('abort', () => finish(), { once: true });
  });
}

function signalAfter(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * Resolves after `ms`, or at once when either signal aborts (never rejects). Not
 * `AbortSignal.any`: one per row wait, tied to the run's long-lived signal, would pile up.
 */
function sleepUnlessWoken(ms: number, signal: AbortSignal, wake: AbortSignal): Promise<void> {
  if (signal.aborted || wake.aborted) return Promise.resolve();
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      wake.removeEventListener('abort', finish);
      done();
    };
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
    wake.addEventListener('abort', finish, { once: true });
  });
}
