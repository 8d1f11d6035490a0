import type { ServerResponse } from 'node:http';

/**
 * Starts an event stream on a raw response: Nagle is off so small events are not held back, and
 * TCP keep-alive notices dead peers. The headers go out with the first write (the caller writes
 * the first events at once), so a new connection costs one write, not two.
 */
export function startEventStream(res: ServerResponse, headers: Record<string, string | string[]>): void {
  res.socket?.setNoDelay(true);
  res.socket?.setKeepAlive(true, 30_000);
  res.writeHead(200, headers);
}
