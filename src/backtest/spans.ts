// The two things a backtest compares, as spans of data time: the failures of a recording (from
// its state changes) and the firings of each alert rule (from its alert transitions). Both come
// from the marks the live pipeline reports, so a backtest sees what a live viewer would.

/** From `start` (data time, epoch ms) until `end`; end null: still going when the data ended. */
export interface Span {
  start: number;
  end: number | null;
}

/** A state change as the pipeline reports it, with its data time in ms. */
export interface StateChange {
  value: string;
  at: number;
}

/** An alert transition as the pipeline reports it, with its data time in ms. */
export interface AlertChange {
  rule: string;
  state: 'firing' | 'resolved';
  at: number;
}

/**
 * The failure episodes: each maximal run of states in `failure` (so BROKEN then RECOVERING is one
 * episode when both are named), from the change into the first to the change out of the last.
 */
export function failureEpisodes(changes: readonly StateChange[], failure: ReadonlySet<string>): Span[] {
  const episodes: Span[] = [];
  let open: Span | undefined;
  for (const change of changes) {
    const failing = failure.has(change.value);
    if (failing && !open) {
      open = { start: change.at, end: null };
      episodes.push(open);
    } else if (!failing && open) {
      open.end = change.at;
      open = undefined;
    }
  }
  return episodes;
}

/** Each rule's firings, in order; a rule that never resolved has a last span without an end. */
export function firingSpans(changes: readonly AlertChange[], rules: readonly string[]): Map<string, Span[]> {
  const spans = new Map<string, Span[]>(rules.map((rule) => [rule, []]));
  for (const change of changes) {
    const list = spans.get(change.rule);
    if (!list) continue;
    const last = list.at(-1);
    if (change.state === 'firing' && (!last || last.end !== null)) list.push({ start: change.at, end: null });
    else if (change.state === 'resolved' && last && last.end === null) last.end = change.at;
  }
  return spans;
}

/** The spans of any of `lists`, merged where they overlap or touch: when at least one rule fires. */
export function unionOf(lists: readonly (readonly Span[])[]): Span[] {
  const all = lists.flat().toSorted((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of all) {
    const last = merged.at(-1);
    if (last && (last.end === null || span.start <= last.end)) {
      if (last.end !== null) last.end = span.end === null ? null : Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}
