// What the entry and every command share: how a command prints, and how it refuses a command line.

/** A command line the command cannot run: its message is printed after `realtime-graph: `, and the exit code is 2. */
export class UsageError extends Error {}

/** Writes `text` to standard output; returns the exit code 0. */
export function print(text: string): number {
  process.stdout.write(text);
  return 0;
}
