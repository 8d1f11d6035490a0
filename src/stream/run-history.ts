import type { MemoryKeep } from '../config/history.js';
import type { ColumnInfo } from '../protocol/events.js';
import type { SourceNotice } from '../sources/types.js';
import type { HistorySource } from './history-query.js';
import { HistoryStore } from './history-store.js';
import type { RunMarks } from './run-marks.js';
import { SeedTally } from './seed-tally.js';

/**
 * The history of one run: its pipeline output, kept for /history (bounded by config.history.keep),
 * by pass. A run's passes are its loop passes and the segments its seeks start, numbered in order
 * (without seeks, the same numbers as `looped`).
 */
export class RunHistory {
  readonly store: HistoryStore;
  /** What the run's history seed (history.seedFromTopic) has put into the store. */
  readonly seeded: SeedTally;
  /** The seq of the first event of each pass, by pass (marks are told apart by pass through it). */
  private readonly passSeqs: number[] = [0];
  private pass = 0;

  constructor(timeName: string, columns: readonly ColumnInfo[], keep: MemoryKeep) {
    // The history keeps the columns of `meta.columns` (derived ones included), in that order.
    this.store = new HistoryStore(timeName, columns, keep);
    this.seeded = new SeedTally(timeName);
  }

  /** A new pass starts with the event at `seq`. */
  startPass(seq: number): void {
    this.pass++;
    this.store.startPass(this.pass);
    this.passSeqs[this.pass] = seq;
  }

  /** The pass the next rows belong to. */
  get currentPass(): number {
    return this.pass;
  }

  /** The pass and the seq each pass started at (kept in a durable run's checkpoints). */
  get place(): { pass: number; passSeqs: number[] } {
    return { pass: this.pass, passSeqs: [...this.passSeqs] };
  }

  /** A continued run's history takes up its pass numbering where the stored run left it. */
  restore(pass: number, passSeqs: readonly number[]): void {
    this.pass = pass;
    this.passSeqs.length = 0;
    this.passSeqs.push(...passSeqs);
    this.store.startPass(pass);
  }

  /** The fields of the log line that says the seed is read. */
  seedReport(notice: Extract<SourceNotice, { type: 'seeded' }>): Record<string, unknown> {
    const { messages, older, ranges } = notice;
    const since = new Date(notice.since).toISOString();
    return { messages, older, since, ...this.seeded.summary(), kept: this.store.rows, offsets: ranges };
  }

  /** The store for /history queries, with the state changes and alert transitions of the pass asked for beside it. */
  source(stream: string, run: string, running: boolean, marks: RunMarks): HistorySource {
    const seqs = this.passSeqs;
    return {
      stream,
      run,
      running,
      store: this.store,
      annotations: (from, to, pass) =>
        marks.between(from, to, seqs[pass] ?? Number.POSITIVE_INFINITY, seqs[pass + 1] ?? Number.POSITIVE_INFINITY),
    };
  }
}
