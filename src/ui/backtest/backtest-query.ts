// The URL of a backtest of one stream on the daemon, with the thresholds the viewer is trying.
import { daemonUrl, type DaemonAddress } from '../daemon-url.js';

/** The settings the viewer is trying for one rule, as typed in its lane: fires above or below `value` (for `for`, and resolves at `resolve`, when not empty). */
export interface RuleTry {
  side: 'above' | 'below';
  value: string;
  for: string;
  resolve: string;
}

/**
 * `GET /api/streams/:id/backtest` with `rule.<name>.above|below=…`, `rule.<name>.for=…` and
 * `rule.<name>.resolve=…` for each rule tried (in the order given), and the token as every
 * request of the element sends it.
 */
export function backtestUrl(address: DaemonAddress, stream: string, tries: readonly [string, RuleTry][], pageHref: string): string {
  const url = new URL(daemonUrl(address, `/api/streams/${encodeURIComponent(stream)}/backtest`, pageHref));
  for (const [rule, tried] of tries) {
    url.searchParams.append(`rule.${rule}.${tried.side}`, tried.value.trim());
    for (const key of ['for', 'resolve'] as const) {
      const value = tried[key].trim();
      if (value) url.searchParams.append(`rule.${rule}.${key}`, value);
    }
  }
  return url.href;
}
