import type { Logger } from 'pino';
import type { SourceStatus } from '../protocol/events.js';
import type { SourceNotice } from '../sources/types.js';
import type { RunHistory } from './run-history.js';

/** An event a notice becomes. */
export interface NoticeEvent {
  name: 'looped' | 'replay' | 'status';
  payload: unknown;
}

/**
 * What a run's source has told it (its notices): the pass of a looping replay, where the current
 * segment of a replay starts, the source's connection. Each notice changes them, and most become
 * an event of the run.
 */
export class RunNotices {
  /** Completed passes of a looping replay. */
  pass = 0;
  /** The seq of the event that started the replay's current segment (its last seek), 0 before any. */
  segmentStart = 0;
  /** What the source last said about its connection (sources without one say nothing). */
  sourceStatus: SourceStatus | undefined;
  /** Restarts the run's derived signals (set once its pipeline is made; used with resetStagesOnLoop). */
  restartDerived: (() => void) | undefined;
  private lastStatus = '';

  constructor(
    private readonly run: string,
    private readonly history: RunHistory,
    private readonly resetStagesOnLoop: boolean,
    private readonly logger: Logger,
  ) {}

  /** Applies a notice; the event it becomes (undefined for none) is the run's event `seq`. */
  apply(notice: SourceNotice, seq: number): NoticeEvent | undefined {
    switch (notice.type) {
      case 'looped':
        this.pass = notice.pass;
        if (this.resetStagesOnLoop) this.restartDerived?.();
        this.history.startPass(seq);
        return { name: 'looped', payload: { pass: notice.pass } };
      case 'replay':
        // A seek's rows start a new segment: new viewers get none of the rows before it, and the
        // history keeps them as a pass of their own (a seek back would otherwise hold two copies
        // of the same times in one pass).
        if (notice.data.jump) {
          this.segmentStart = seq;
          this.history.startPass(seq);
        }
        return { name: 'replay', payload: notice.data };
      case 'seeded':
        this.logger.info({ run: this.run, ...this.history.seedReport(notice) }, 'history seeded from the topic');
        return undefined;
      case 'status': {
        const status = { state: notice.state, message: notice.message ?? null };
        const key = JSON.stringify(status);
        if (key === this.lastStatus) return undefined; // a source retrying says the same thing again: tell viewers once
        this.lastStatus = key;
        this.sourceStatus = notice.state;
        return { name: 'status', payload: status };
      }
    }
  }
}
