import { request, type IncomingHttpHeaders } from 'node:http';

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  events: SseEvent[];
  /** Everything received, as text. */
  raw(): string;
  /** Resolves when `predicate` holds for the events so far (checked on each event). */
  until(predicate: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** The spec's parsing of an event stream (id, event and data fields; comments skipped), fed text as it arrives. */
export class SseParser {
  readonly events: SseEvent[] = [];
  private pending = '';
  private current: SseEvent = { id: '', event: 'message', data: '' };
  private hasData = false;
  private lastId = '';

  push(chunk: string): void {
    this.pending += chunk;
    for (let newline = this.pending.search(/\r\n|\r|\n/); newline !== -1; newline = this.pending.search(/\r\n|\r|\n/)) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + (this.pending.startsWith('\r\n', newline) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.hasData) this.events.push({ ...this.current, id: this.lastId });
      this.current = { id: '', event: 'message', data: '' };
      this.hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.current.event = value;
    else if (field === 'data') {
      this.current.data = this.hasData ? `${this.current.data}\n${value}` : value;
      this.hasData = true;
    } else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }
}

/** The events of a whole event stream text. */
export function parseSse(text: string): SseEvent[] {
  const parser = new SseParser();
  parser.push(text);
  return parser.events;
}

/**
 * A minimal SSE client over a real HTTP connection (spec parsing of id/event/data lines). Unlike
 * EventSource it exposes the status, the headers and the raw bytes, and never reconnects.
 */
export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      const parser = new SseParser();
      const events = parser.events;
      const waiters = new Set<() => void>();
      let text = '';
      res.on('data', (chunk: string) => {
        text += chunk;
        parser.push(chunk);
        for (const wake of [...waiters]) wake();
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => done());
      });
      void ended.then(() => {
        for (const wake of [...waiters]) wake();
      });
      let isEnded = false;
      void ended.then(() => (isEnded = true));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        raw: () => text,
        ended,
        close: () => req.destroy(),
        until(predicate, timeoutMs = 10_000) {
          return new Promise((done, fail) => {
            const check = () => {
              if (predicate(events)) {
                cleanup();
                done(events);
              } else if (isEnded) {
                cleanup();
                fail(new Error(`stream ended before the condition held (${events.length} events)`));
              }
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`));
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A plain GET returning status, headers and body text. */
export function httpGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
