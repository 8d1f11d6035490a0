import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Enough of a ServerResponse for a Viewer: records what is written, and can pretend the client
 * stopped reading (everything written then stays queued, as it would in a socket's buffer).
 */
export class FakeResponse extends EventEmitter {
  chunks: (Buffer | string)[] = [];
  writableLength = 0;
  destroyed = false;
  ended = false;
  stalled = false;

  write(chunk: Buffer | string): boolean {
    if (this.destroyed || this.ended) return false;
    this.chunks.push(chunk);
    if (this.stalled) this.writableLength += Buffer.byteLength(chunk);
    return this.writableLength < 16 * 1024;
  }

  end(chunk?: Buffer | string): void {
    if (chunk !== undefined) this.chunks.push(chunk);
    this.ended = true;
    this.emit('close');
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }

  text(): string {
    return this.chunks.map((c) => c.toString()).join('');
  }

  asResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}
