// How long something lasted, in words: the one spelling of a duration that the backtest table,
// its Markdown, the command's messages, the Backtest view and the dashboard tiles all print.

export interface DurationTextOptions {
  /** Count whole days from 24 h on (`2 d 4 h`), as a tile's "for how long" does; else hours go on (`26 h 5 min`). */
  days?: boolean;
}

/**
 * `0 s`, `59 s`, `1 min`, `1 h`, `1 h 5 min`, `26 h 5 min`, or with `days`: `1 d`, `2 d 4 h`. At most two
 * units, the smaller without zero padding and left out when 0. Cut, not rounded, to the smallest unit
 * shown, so it never says more than happened: a lead of 29 min 50 s is `29 min`, not the `30 min` a
 * rule may have been required to warn by. Negative spans are `0 s`.
 */
export function durationText(ms: number, options: DurationTextOptions = {}): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24 || !options.days) return pair(hours, 'h', minutes % 60, 'min');
  return pair(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}
