// Cheap parsing of an HTTP/1.1 Server-Sent Events response read from a raw socket: the status
// line and headers, chunked transfer encoding, and SSE frames, working on Buffers without
// converting the body to strings. Our servers end lines with LF only, which is all this handles.
// Callers may pass a shared read buffer: whatever is kept between calls is copied.

const CR = 13;
const LF = 10;
const HEADER_END = Buffer.from('\r\n\r\n');
const FRAME_END = Buffer.from('\n\n');

export interface ResponseHead {
  status: number;
  chunked: boolean;
  headers: Record<string, string>;
}

/** Parses the status line and headers (without the blank line). */
export function parseHead(text: string): ResponseHead {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, chunked: /\bchunked\b/i.test(headers['transfer-encoding'] ?? ''), headers };
}

/** Splits the head from the body; keeps partial heads between reads. */
export class HeadReader {
  private pending: Buffer | undefined;

  /** Returns the head and the body bytes that followed it, or undefined while incomplete. */
  push(data: Buffer): { head: ResponseHead; rest: Buffer } | undefined {
    const buf = this.pending ? Buffer.concat([this.pending, data]) : data;
    const end = buf.indexOf(HEADER_END);
    if (end === -1) {
      if (buf.length > 64 * 1024) throw new Error('response head longer than 64 KiB');
      this.pending = Buffer.from(buf);
      return undefined;
    }
    this.pending = undefined;
    return { head: parseHead(buf.toString('latin1', 0, end)), rest: buf.subarray(end + 4) };
  }
}

type ChunkState = 'size' | 'extension' | 'data' | 'data-crlf' | 'done';

/** Value of a hex digit byte, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  return -1;
}

/** Decodes `Transfer-Encoding: chunked`, passing payload slices on without copying them. */
export class ChunkedDecoder {
  private state: ChunkState = 'size';
  private size = 0;
  private remaining = 0;

  constructor(
    private readonly onPayload: (buf: Buffer, start: number, end: number) => void,
    private readonly onEnd: () => void,
  ) {}

  push(buf: Buffer, start = 0, end = buf.length): void {
    let i = start;
    while (i < end) {
      switch (this.state) {
        case 'size': {
          // Hex digits, then an optional extension and CRLF.
          const byte = buf[i++]!;
          const digit = hexValue(byte);
          if (digit >= 0) this.size = this.size * 16 + digit;
          else if (byte === LF) this.endOfSizeLine();
          else if (byte === CR || byte === 0x3b /* ; */ || byte === 0x20) this.state = 'extension';
          else throw new Error('malformed chunk size');
          break;
        }
        case 'extension': {
          const lf = buf.indexOf(LF, i);
          if (lf === -1 || lf >= end) return;
          i = lf + 1;
          this.endOfSizeLine();
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, end - i);
          this.onPayload(buf, i, i + take);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'data-crlf';
          break;
        }
        case 'data-crlf': {
          const byte = buf[i++];
          if (byte === LF) this.state = 'size';
          else if (byte !== CR) throw new Error('malformed chunk terminator');
          break;
        }
        case 'done':
          return;
      }
    }
  }

  private endOfSizeLine(): void {
    if (this.size === 0) {
      this.state = 'done';
      this.onEnd();
      return;
    }
    this.remaining = this.size;
    this.size = 0;
    this.state = 'data';
  }
}

/** Splits a byte stream into SSE frames (the text between blank lines). */
export class FrameSplitter {
  private pending: Buffer | undefined;

  constructor(private readonly onFrame: (buf: Buffer, start: number, end: number) => void) {}

  push(buf: Buffer, start: number, end: number): void {
    let data = buf;
    let from = start;
    let to = end;
    if (this.pending) {
      data = Buffer.concat([this.pending, buf.subarray(start, end)]);
      from = 0;
      to = data.length;
      this.pending = undefined;
    }
    while (from < to) {
      const blank = data.indexOf(FRAME_END, from);
      if (blank === -1 || blank >= to) break;
      if (blank > from) this.onFrame(data, from, blank);
      from = blank + 2;
    }
    if (from < to) this.pending = Buffer.from(data.subarray(from, to)); // copy: the socket buffer is not ours to keep
  }
}

export interface FrameFields {
  id: string | undefined;
  event: string;
  /** Byte range of the (first) data line's value. */
  dataStart: number;
  dataEnd: number;
}

const ID = Buffer.from('id:');
const EVENT = Buffer.from('event:');
const DATA = Buffer.from('data:');

/** True when buf[at…] starts with `prefix`. */
function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** Reads the `id:`, `event:` and `data:` lines of one frame; comments and `retry:` are skipped. */
export function frameFields(buf: Buffer, start: number, end: number): FrameFields {
  let id: string | undefined;
  let event = 'message';
  let dataStart = -1;
  let dataEnd = -1;
  let line = start;
  while (line < end) {
    let eol = buf.indexOf(LF, line);
    if (eol === -1 || eol > end) eol = end;
    if (startsWith(buf, line, eol, ID)) {
      id = buf.toString('latin1', line + (buf[line + 3] === 0x20 ? 4 : 3), eol);
    } else if (startsWith(buf, line, eol, EVENT)) {
      event = buf.toString('latin1', line + (buf[line + 6] === 0x20 ? 7 : 6), eol);
    } else if (dataStart === -1 && startsWith(buf, line, eol, DATA)) {
      dataStart = line + (buf[line + 5] === 0x20 ? 6 : 5);
      dataEnd = eol;
    }
    line = eol + 1;
  }
  return { id, event, dataStart, dataEnd };
}

/** What the load client needs to know about one event, computed once per event id. */
export interface EventInfo {
  event: string;
  /** Data rows carried (update: 1, batch: its length, other events: 0). */
  rows: number;
  /** Time (epoch ms) of the first row carried, when it has one. */
  firstRowTime?: number;
  /** From `meta` / `started`: when the run started (epoch ms) and its pace (rows/s). */
  startedAt?: number;
  rate?: number | null;
  /** From `meta`: the name of the time field in `update` rows. */
  timeField?: string;
}

/**
 * Interprets one event's data. `update` and `batch` are read without JSON.parse: the time of the
 * first row and the number of rows are all that lateness needs (rows of a batch are consecutive).
 */
export function describeEvent(event: string, data: string, timeField: string): EventInfo {
  switch (event) {
    case 'update': {
      const key = `"${timeField}":"`;
      const at = data.indexOf(key);
      const from = at + key.length;
      const time = at === -1 ? Number.NaN : Date.parse(data.slice(from, data.indexOf('"', from)));
      return { event, rows: 1, firstRowTime: time };
    }
    case 'batch': {
      const open = data.indexOf('"t":[');
      if (open === -1) return { event, rows: 0 };
      const close = data.indexOf(']', open);
      let rows = close > open + 5 ? 1 : 0;
      for (let comma = data.indexOf(',', open); comma !== -1 && comma < close; comma = data.indexOf(',', comma + 1)) rows++;
      const first = data.indexOf('"', open + 5);
      const time = first === -1 || first > close ? Number.NaN : Date.parse(data.slice(first + 1, data.indexOf('"', first + 1)));
      return { event, rows, firstRowTime: time };
    }
    case 'meta':
    case 'started': {
      const parsed = JSON.parse(data) as { startedAt?: string; rate?: number | null; time?: string };
      return {
        event,
        rows: 0,
        startedAt: parsed.startedAt ? Date.parse(parsed.startedAt) : undefined,
        rate: parsed.rate,
        timeField: parsed.time,
      };
    }
    default:
      return { event, rows: 0 };
  }
}
