import type { AlertData, StateData } from '../../protocol/events.js';

/** A stretch of data time, in epoch ms (`to` Infinity: still going). */
export interface Span {
  from: number;
  to: number;
}

export interface StateBand extends Span {
  value: string;
}

export interface FiringPeriod extends Span {
  rule: string;
}

/** Marks kept per stream at most (the oldest go first); far more than a window shows. */
const MAX_MARKS = 5000;

/**
 * One stream's state changes and alert transitions as the element knows them, by data time: the
 * bands and firing periods to draw over a range, the state at a time, the rules firing now. The
 * daemon sends the state in effect and the rules firing when a viewer joins (with the id of
 * `meta`), and again when it resumes: a mark already known is not added twice.
 */
export class StreamMarks {
  private states: { at: number; value: string }[] = [];
  private alerts: { at: number; rule: string; firing: boolean; value: number }[] = [];
  /** Bumped at every change, for whoever draws the marks. */
  version = 0;

  add(name: 'state' | 'alert', data: StateData | AlertData): boolean {
    const at = Date.parse(data.at);
    if (!Number.isFinite(at)) return false;
    if (name === 'state') {
      const { value } = data as StateData;
      if (this.states.some((s) => s.at === at && s.value === value)) return false;
      insertByTime(this.states, { at, value });
    } else {
      const alert = data as AlertData;
      const firing = alert.state === 'firing';
      if (this.alerts.some((a) => a.at === at && a.rule === alert.rule && a.firing === firing)) return false;
      insertByTime(this.alerts, { at, rule: alert.rule, firing, value: alert.value });
    }
    if (this.states.length > MAX_MARKS) this.states.splice(0, this.states.length - MAX_MARKS);
    if (this.alerts.length > MAX_MARKS) this.alerts.splice(0, this.alerts.length - MAX_MARKS);
    this.version++;
    return true;
  }

  /** A new run: nothing is known. */
  clear(): void {
    this.states = [];
    this.alerts = [];
    this.version++;
  }

  /**
   * A looping replay started again (its times go back): what is in effect carries on from the
   * start of the new pass; the rest belonged to the previous one.
   */
  loop(): void {
    const state = this.states.at(-1);
    this.states = state ? [{ ...state, at: Number.NEGATIVE_INFINITY }] : [];
    this.alerts = [...this.firingNow()].map(([rule, value]) => ({ at: Number.NEGATIVE_INFINITY, rule, firing: true, value }));
    this.version++;
  }

  /** The state at time t (the last change at or before it), or undefined. */
  stateAt(t: number): string | undefined {
    let value: string | undefined;
    for (const s of this.states) {
      if (s.at > t) break;
      value = s.value;
    }
    return value;
  }

  /** The bands of states not in `unshaded` that overlap [from, to], clipped to it. */
  bands(from: number, to: number, unshaded: readonly string[]): StateBand[] {
    const out: StateBand[] = [];
    this.states.forEach((s, i) => {
      const end = this.states[i + 1]?.at ?? Number.POSITIVE_INFINITY;
      if (unshaded.includes(s.value) || end <= from || s.at > to) return;
      out.push({ value: s.value, from: Math.max(s.at, from), to: Math.min(end, to) });
    });
    return out;
  }

  /** The periods each rule fired that overlap [from, to], clipped to it. */
  firingPeriods(from: number, to: number): FiringPeriod[] {
    const out: FiringPeriod[] = [];
    const open = new Map<string, number>();
    const close = (rule: string, end: number) => {
      const start = open.get(rule);
      open.delete(rule);
      if (start === undefined || end < from || start > to) return;
      out.push({ rule, from: Math.max(start, from), to: Math.min(end, to) });
    };
    for (const a of this.alerts) {
      if (a.firing) {
        if (!open.has(a.rule)) open.set(a.rule, a.at);
      } else {
        close(a.rule, a.at);
      }
    }
    for (const rule of [...open.keys()]) close(rule, Number.POSITIVE_INFINITY);
    return out.sort((a, b) => a.from - b.from);
  }

  /** Rules firing now, with the value they fired at. */
  firingNow(): Map<string, number> {
    const firing = new Map<string, number>();
    for (const a of this.alerts) {
      if (a.firing) firing.set(a.rule, a.value);
      else firing.delete(a.rule);
    }
    return firing;
  }
}

/** Marks mostly arrive in time order: appended, or put in place when one arrives late. */
function insertByTime<T extends { at: number }>(list: T[], item: T): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.at > item.at) i--;
  list.splice(i, 0, item);
}
