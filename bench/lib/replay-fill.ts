// Fills a stream's history fast with the operator's replay speed, then plays on at the live pace:
// how the browser benchmarks get a full window, or a day of history, in seconds.
import type { BenchContext } from '../benchmarks/benchmark.js';
import type { RunningDaemon } from './daemon.js';
import { checkAborted, delay } from './process.js';

interface ReplayState {
  position: { row: number };
}

export interface FillOptions {
  /** The daemon's `server.auth.operatorToken`. */
  operatorToken: string;
  /** Operator speed while filling, and after `rows` rows were read. */
  fillSpeed: number;
  liveSpeed: number;
  rows: number;
  timeoutMs: number;
}

/** A stream's replay control (GET without a body, POST with one). */
function replayControl(daemon: RunningDaemon, stream: string, token: string) {
  return async (body?: object): Promise<ReplayState> => {
    const res = await fetch(`${daemon.url}/api/streams/${encodeURIComponent(stream)}/replay`, {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`replay control of ${stream}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as ReplayState;
  };
}

/**
 * Replays `stream` (autostart) at `fillSpeed` until it has read `rows` rows, then at `liveSpeed`.
 * Resolves with the seconds it took.
 */
export async function fillReplay(daemon: RunningDaemon, stream: string, options: FillOptions, context: BenchContext): Promise<number> {
  const replay = replayControl(daemon, stream, options.operatorToken);
  const started = performance.now();
  // The stream starts with the daemon (autostart); until its run is up, the control answers 409.
  for (let attempt = 0; ; attempt++) {
    try {
      await replay({ speed: options.fillSpeed });
      break;
    } catch (error) {
      if (attempt >= 50) throw error;
      await delay(100, context.signal);
    }
  }
  for (;;) {
    checkAborted(context.signal);
    if (performance.now() - started > options.timeoutMs)
      throw new Error(`${stream} did not read ${options.rows} rows within ${options.timeoutMs / 1000} s`);
    const { position } = await replay();
    if (position.row >= options.rows) break;
    // Near the end, often: the switch to the live pace should come close to `rows`.
    await delay(position.row > options.rows * 0.95 ? 20 : 250, context.signal);
  }
  await replay({ speed: options.liveSpeed });
  return (performance.now() - started) / 1000;
}
