// Opening the database file: a directory that cannot be written or a file another process holds
// is a StoreError; a file DuckDB cannot read is moved aside (never deleted) and a new one starts.
import { accessSync, constants, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { isCorrupt, lockHolder, messageOf, StoreError } from './errors.js';
import { CREATE_CHECKPOINTS, CREATE_MARKS, CREATE_STREAMS } from './schema.js';
import type { StoreLogger } from './types.js';

export const FILE_NAME = 'history.duckdb';
/** DuckDB's file starts with a main header and two database headers of 4 KiB each. */
const HEADER_BYTES = 3 * 4096;

export interface OpenedDatabase {
  instance: DuckDBInstance;
  file: string;
}

export async function openDatabase(
  dir: string,
  settings: { memoryLimit: string; threads: number },
  logger: StoreLogger,
): Promise<OpenedDatabase> {
  const file = join(dir, FILE_NAME);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StoreError(
      `The store directory ${dir} cannot be created or written (${(error as NodeJS.ErrnoException).code ?? messageOf(error)}): point the store at a writable directory.`,
      dir,
      { cause: error },
    );
  }
  const options = { memory_limit: settings.memoryLimit, threads: String(settings.threads) };
  try {
    return { instance: await openChecked(file, options), file };
  } catch (error) {
    const lock = lockHolder(error);
    if (lock) {
      const holder = lock.pid === undefined ? 'another process' : `another process (PID ${lock.pid})`;
      throw new StoreError(
        `The store ${file} is locked by ${holder}: stop that process, or give this daemon another store directory.`,
        file,
        { cause: error },
      );
    }
    if (!isCorrupt(error))
      throw new StoreError(`The store ${file} cannot be opened (${messageOf(error)}): check the file and its directory.`, file, {
        cause: error,
      });
    const aside = moveAside(file);
    logger.warn(
      { path: file, movedTo: aside, err: messageOf(error) },
      `The store ${file} is unreadable: moved it to ${aside} and started an empty store.`,
    );
    try {
      return { instance: await openChecked(file, options), file };
    } catch (again) {
      throw new StoreError(`The store ${file} cannot be opened (${messageOf(again)}): check the file and its directory.`, file, {
        cause: again,
      });
    }
  }
}

/** Opens the file and reads it once, so that a file that opens but cannot be read fails here. */
async function openChecked(file: string, options: Record<string, string>): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(file, options);
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    await connection.run(CREATE_STREAMS);
    await connection.run(CREATE_MARKS);
    await connection.run(CREATE_CHECKPOINTS);
    await connection.run('SELECT * FROM streams');
    // A truncated file can open: its header counts blocks the file no longer holds. Only the blocks
    // in use count: DuckDB's total also counts free blocks, and the file may end before the last of
    // them (a sound store of the daemon's, killed and reopened, had 9 of 10 blocks written, 7 in use).
    const size = await connection.runAndReadAll('SELECT block_size::DOUBLE, used_blocks::DOUBLE FROM pragma_database_size()');
    const [blockSize, used] = size.getRows()[0] as [number, number];
    const expected = HEADER_BYTES + blockSize * used;
    const actual = statSync(file).size;
    if (actual < expected) throw new Error(`The database file is truncated: ${actual} bytes of ${expected}`);
    return instance;
  } catch (error) {
    connection?.closeSync();
    connection = undefined;
    instance.closeSync();
    throw error;
  } finally {
    connection?.closeSync();
  }
}

/** Renames the file and its write-ahead log to `<name>.corrupt-<ISO time>`; returns the new name. */
function moveAside(file: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString()}`;
  renameSync(file, aside);
  if (existsSync(`${file}.wal`)) renameSync(`${file}.wal`, `${aside}.wal`);
  return aside;
}
