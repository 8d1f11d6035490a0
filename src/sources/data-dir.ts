import { realpath, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SourceError } from './errors.js';

export interface CatalogueEntry {
  /** The name clients use (a path relative to the data directory, with `/` separators). */
  name: string;
  bytes: number;
}

/**
 * The data directory, the only place sources read files from. Every path is resolved through
 * symlinks and must land inside it; names from clients are looked up in the catalogue and are never
 * joined onto a path.
 */
export class DataDir {
  private constructor(readonly root: string) {}

  static async open(dir: string): Promise<DataDir> {
    let root: string;
    try {
      root = await realpath(dir);
    } catch {
      throw new SourceError(`data directory ${dir} does not exist`);
    }
    if (!(await stat(root)).isDirectory()) throw new SourceError(`data directory ${dir} is not a directory`);
    return new DataDir(root);
  }

  /** Resolves a config-given file name to a real path inside the data directory, or throws. */
  async resolve(name: string): Promise<string> {
    if (name.length === 0 || name.length > 1024 || name.includes('\0') || isAbsolute(name)) {
      throw new SourceError(`file ${JSON.stringify(name.slice(0, 80))} must be a relative path inside the data directory`);
    }
    let real: string;
    try {
      real = await realpath(resolve(this.root, name));
    } catch {
      throw new SourceError(`file ${name} does not exist in the data directory`);
    }
    if (!this.contains(real)) throw new SourceError(`file ${name} is outside the data directory`);
    if (!(await stat(real)).isFile()) throw new SourceError(`file ${name} is not a regular file`);
    return real;
  }

  /** The CSV files a client may ask for by name (this directory and its subdirectories). */
  async catalogue(): Promise<CatalogueEntry[]> {
    const entries: CatalogueEntry[] = [];
    await this.walk(this.root, 0, entries);
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Finds a catalogue entry by its exact name and returns its real path. */
  async lookup(name: string): Promise<string | undefined> {
    const entry = (await this.catalogue()).find((e) => e.name === name);
    return entry ? this.resolve(entry.name) : undefined;
  }

  private contains(real: string): boolean {
    return real === this.root || real.startsWith(this.root + sep);
  }

  private async walk(dir: string, depth: number, out: CatalogueEntry[]): Promise<void> {
    if (depth > 3) return;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await this.walk(path, depth + 1, out);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.csv')) {
        // A symlink is listed only when it resolves to a regular file inside the data directory.
        const real = await realpath(path).catch(() => undefined);
        if (!real || !this.contains(real)) continue;
        const info = await stat(real);
        if (!info.isFile()) continue;
        out.push({ name: relative(this.root, path).split(sep).join('/'), bytes: info.size });
      }
    }
  }
}
