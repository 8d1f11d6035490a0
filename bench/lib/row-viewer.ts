// One SSE viewer in the benchmark's own process that behaves like EventSource across a daemon's
// restart: when its connection ends or is refused, it connects again (every `retryMs`) with the
// id of the last event it received as Last-Event-ID. It records every row's number (the stream's
// first value column, `n` of the sequence file), its arrival and the connection that carried it.
import { type ClientRequest, get, type IncomingMessage } from 'node:http';

export interface ViewedRow {
  n: number;
  /** performance.now() when the event carrying it arrived. */
  at: number;
  /** 0 for the first connection that delivered events, 1 for the next, … */
  connection: number;
}

export interface RowTally {
  rows: number;
  distinct: number;
  /** Rows received more than once. */
  duplicated: number;
  /** Row numbers missing between the lowest and the highest received. */
  lost: number;
  first: number;
  last: number;
}

export class RowViewer {
  readonly rows: ViewedRow[] = [];
  /** `reset` events: the daemon could not resume from the Last-Event-ID. */
  resets = 0;
  /** Connections that were answered with 200 (the first is 0). */
  connections = 0;
  private lastId: string | undefined;
  private request: ClientRequest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly retryMs = 20,
  ) {}

  start(): this {
    this.connect();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.request?.destroy();
  }

  /** Resolves when `test` holds (checked at every event), or rejects after `timeoutMs`. */
  until(test: (viewer: RowViewer) => boolean, timeoutMs: number): Promise<void> {
    if (test(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!test(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`viewer: condition not met within ${timeoutMs} ms (${this.rows.length} rows, ${this.connections} connections)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Lost and duplicated rows by row number. */
  tally(): RowTally {
    const numbers = this.rows.map((r) => r.n);
    const distinct = new Set(numbers);
    const first = Math.min(...numbers);
    const last = Math.max(...numbers);
    return {
      rows: numbers.length,
      distinct: distinct.size,
      duplicated: numbers.length - distinct.size,
      lost: numbers.length === 0 ? 0 : last - first + 1 - distinct.size,
      first,
      last,
    };
  }

  private connect(): void {
    if (this.stopped) return;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (this.lastId !== undefined) headers['Last-Event-ID'] = this.lastId;
    let retried = false;
    const retry = () => {
      if (retried || this.stopped) return;
      retried = true;
      this.timer = setTimeout(() => this.connect(), this.retryMs);
    };
    const request = get(this.url, { headers, agent: false }, (res) => this.receive(res, retry));
    request.on('error', retry);
    request.on('close', retry);
    this.request = request;
  }

  private receive(res: IncomingMessage, retry: () => void): void {
    if (res.statusCode !== 200) {
      res.resume();
      res.on('end', retry);
      return;
    }
    const connection = this.connections++;
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        this.frame(buffer.slice(0, end), at, connection);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
      for (const check of [...this.waiters]) check();
    });
    res.on('error', retry);
    res.on('end', retry);
  }

  private frame(text: string, at: number, connection: number): void {
    let event = 'message';
    let data = '';
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data += value;
      else if (field === 'id') this.lastId = value;
    }
    if (event === 'reset') this.resets++;
    else if (event === 'update') this.rows.push({ n: Number((JSON.parse(data) as { n: number }).n), at, connection });
    else if (event === 'batch') {
      for (const n of (JSON.parse(data) as { y: number[][] }).y[0]!) this.rows.push({ n: Number(n), at, connection });
    }
  }
}
