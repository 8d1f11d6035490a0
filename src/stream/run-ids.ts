import { randomBytes } from 'node:crypto';

/**
 * Event ids `<run>.<seq>`: the run is random per start of a stream, seq counts its events. A
 * stored (durable) run's ids add `.<rows>`, the rows sent up to and with the event: after a crash
 * the events are numbered afresh from the last commit, and a returning viewer is placed by rows.
 */
export interface EventId {
  run: string;
  seq: number;
  rows?: number;
}

const EVENT_ID = /^([0-9a-f]{8})\.(\d{1,15})(?:\.(\d{1,15}))?$/;

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

export function formatEventId(run: string, seq: number, rows?: number): string {
  return rows === undefined ? `${run}.${seq}` : `${run}.${seq}.${rows}`;
}

/** Parses a Last-Event-ID; anything malformed (including huge values) is undefined. */
export function parseEventId(text: string | undefined): EventId | undefined {
  if (!text || text.length > 40) return undefined;
  const match = EVENT_ID.exec(text);
  if (!match) return undefined;
  return match[3] === undefined
    ? { run: match[1]!, seq: Number(match[2]) }
    : { run: match[1]!, seq: Number(match[2]), rows: Number(match[3]) };
}
