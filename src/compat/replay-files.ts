// The files /runPredict replays: each parsed once and shared by every replay of it while its
// size and modification time stay the same; memory bounded by caps.
import { stat } from 'node:fs/promises';
import { demoRecords } from './demo-records.js';
import { FrameReader, type FrameSource } from './frame-reader.js';

export interface ReplayFilesOptions {
  /** Files up to this size are kept (as encoded events) and shared; larger ones are read per replay. */
  maxSharedFileBytes: number;
  /** Encoded events kept for files no replay uses are evicted (least recently used first) above this. */
  maxCacheBytes: number;
  /** Rows a replay of a large file reads ahead of the row it sends. */
  readAheadRows: number;
}

const DEFAULT_REPLAY_FILES: ReplayFilesOptions = {
  maxSharedFileBytes: 8 * 1024 * 1024,
  maxCacheBytes: 64 * 1024 * 1024,
  readAheadRows: 256,
};

interface Version {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface Entry extends Version {
  path: string;
  reader: FrameReader;
  users: number;
}

export class ReplayFiles {
  /** By real path; the map's order is the order of last use (least recent first). */
  private readonly entries = new Map<string, Entry>();
  /** Times a file was parsed (a shared one once per version, a large one once per replay). */
  parses = 0;

  constructor(private readonly options: ReplayFilesOptions = DEFAULT_REPLAY_FILES) {}

  /** Bytes of encoded events kept for shared files. */
  get cachedBytes(): number {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.reader.bytes;
    return bytes;
  }

  /**
   * A new replay of the file at `path` (a real path inside the data directory; `name` is how
   * messages call it). Resolves once the header was read; a file without the demo's columns
   * rejects with a SourceError.
   */
  async open(path: string, name: string): Promise<FrameSource> {
    const version = versionOf(await stat(path));
    if (version.size > this.options.maxSharedFileBytes) {
      this.parses++;
      const reader = new FrameReader((signal) => demoRecords(path, name, signal), this.options.readAheadRows);
      await reader.started;
      return reader;
    }
    let entry = this.entries.get(path);
    if (entry === undefined || !sameVersion(entry, version)) entry = this.parse(path, name, version);
    entry.users++;
    this.entries.delete(path);
    this.entries.set(path, entry); // most recently used last
    try {
      await entry.reader.started;
    } catch (error) {
      entry.users--;
      throw error;
    }
    return this.lease(entry);
  }

  private parse(path: string, name: string, version: Version): Entry {
    this.parses++;
    const entry: Entry = { ...version, path, users: 0, reader: new FrameReader((signal) => demoRecords(path, name, signal)) };
    this.entries.set(path, entry);
    const forget = () => {
      if (this.entries.get(path) === entry) this.entries.delete(path);
    };
    entry.reader.started.catch(forget); // the next request tries again
    void entry.reader.stopped.then(async () => {
      // A failed read is not kept; nor is a file that changed while it was read.
      if (entry.reader.failure !== undefined) return forget();
      const now = await stat(path).then(versionOf, () => undefined);
      if (now === undefined || !sameVersion(entry, now)) forget();
      this.trim();
    });
    return entry;
  }

  /** One replay's use of a shared entry. */
  private lease(entry: Entry): FrameSource {
    const reader = entry.reader;
    let released = false;
    return {
      take: (i) => reader.take(i),
      get total() {
        return reader.total;
      },
      get failure() {
        return reader.failure;
      },
      release: () => {
        if (released) return;
        released = true;
        entry.users--;
        this.trim();
      },
    };
  }

  /** Evicts unused entries, least recently used first, while the cache is over its cap. */
  private trim(): void {
    let bytes = this.cachedBytes;
    for (const [path, entry] of this.entries) {
      if (bytes <= this.options.maxCacheBytes) return;
      if (entry.users > 0) continue;
      this.entries.delete(path);
      bytes -= entry.reader.bytes;
    }
  }
}

function versionOf(info: { size: number; mtimeMs: number; ino: number }): Version {
  return { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino };
}

function sameVersion(a: Version, b: Version): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
