/** A store that cannot open or cannot write: one sentence naming the path and what to do. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    message: string,
    /** The file or directory concerned. */
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** DuckDB's words for another process holding the file (it names that process's PID when it can). */
export function lockHolder(error: unknown): { pid?: number } | undefined {
  const message = messageOf(error);
  if (!/Could not set lock|Conflicting lock/i.test(message)) return undefined;
  const pid = /PID (\d+)/.exec(message)?.[1];
  return pid === undefined ? {} : { pid: Number(pid) };
}

/** DuckDB's words for a file it cannot read as a database: garbage, a truncated file, a bad checksum. */
export function isCorrupt(error: unknown): boolean {
  return /not a valid DuckDB database|Could not read enough bytes|corrupt|checksum|Serialization Error|INTERNAL Error|database file is truncated|WAL/i.test(
    messageOf(error),
  );
}
