import type { MarkEvent } from '../pipeline/run-pipeline.js';
import type { AlertData, StateData } from '../protocol/events.js';

/** A mark of the current run, with the seq it was published at. */
export type Mark = MarkEvent & { seq: number };

/** Marks kept per key (the state column, each alert rule); older ones are dropped first. */
const KEPT_PER_KEY = 1000;

/** Marks are kept per key: the state column, or one alert rule. */
export function markKey(mark: MarkEvent): string {
  return mark.name === 'state' ? 'state' : `alert:${mark.payload.rule}`;
}

/** Whether a mark still holds after it: the state in effect, or an alert that is firing. */
function holds(mark: Mark): boolean {
  return mark.name === 'state' || mark.payload.state === 'firing';
}

/**
 * The state changes and alert transitions of a run, remembered apart from the event log: a viewer
 * that joins (or returns after the log dropped them) still learns the state in effect and the
 * alerts firing when its rows begin, however long ago they started.
 */
export class RunMarks {
  private readonly byKey = new Map<string, Mark[]>();

  record(mark: Mark): void {
    const key = markKey(mark);
    let marks = this.byKey.get(key);
    if (!marks) {
      marks = [];
      this.byKey.set(key, marks);
    }
    marks.push(mark);
    if (marks.length > KEPT_PER_KEY) marks.splice(0, marks.length - KEPT_PER_KEY);
  }

  /**
   * What a viewer whose events start at `fromSeq` needs besides them, in seq order: the state in
   * effect and each alert firing before `fromSeq`, and with `andAfter` the marks from there on
   * (for a viewer whose replay is a snapshot of rows, which carries no marks).
   */
  forViewer(fromSeq: number, andAfter: boolean): Mark[] {
    const out: Mark[] = [];
    for (const marks of this.byKey.values()) {
      let i = marks.length - 1;
      while (i >= 0 && marks[i]!.seq >= fromSeq) i--;
      const before = marks[i];
      if (before && holds(before)) out.push(before);
      if (andAfter) out.push(...marks.slice(i + 1));
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /**
   * The marks published at seqs [fromSeq, toSeq) that bear on data times [from, to]: per key, the
   * state in effect (or the alert firing) at `from`, then the changes inside the range.
   */
  between(from: number, to: number, fromSeq: number, toSeq: number): { states: StateData[]; alerts: AlertData[] } {
    const states: StateData[] = [];
    const alerts: AlertData[] = [];
    for (const marks of this.byKey.values()) {
      let before: Mark | undefined;
      const inside: Mark[] = [];
      for (const mark of marks) {
        if (mark.seq < fromSeq || mark.seq >= toSeq) continue;
        const at = Date.parse(mark.payload.at);
        if (at <= from) before = mark;
        else if (at <= to) inside.push(mark);
      }
      const keep = before && holds(before) ? [before, ...inside] : inside;
      for (const mark of keep) {
        if (mark.name === 'state') states.push(mark.payload);
        else alerts.push(mark.payload);
      }
    }
    return { states, alerts };
  }

  /** The newest mark of a key (see markKey). */
  latest(key: string): Mark | undefined {
    return this.byKey.get(key)?.at(-1);
  }

  /** The rules firing now. */
  firing(): Set<string> {
    const out = new Set<string>();
    for (const marks of this.byKey.values()) {
      const last = marks.at(-1);
      if (last?.name === 'alert' && last.payload.state === 'firing') out.add(last.payload.rule);
    }
    return out;
  }
}

export const MARK_EVENTS: ReadonlySet<string> = new Set(['state', 'alert']);
