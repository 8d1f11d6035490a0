import { randomBytes } from 'node:crypto';

/** Event ids `<run>.<seq>`: the run is random per start of a stream, seq counts its events. */
export interface EventId {
  run: string;
  seq: number;
}

const EVENT_ID = /^([0-9a-f]{8})\.(\d{1,15})$/;

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

export function formatEventId(run: string, seq: number): string {
  return `${run}.${seq}`;
}

/** Parses a Last-Event-ID; anything malformed (including huge values) is undefined. */
export function parseEventId(text: string | undefined): EventId | undefined {
  if (!text || text.length > 40) return undefined;
  const match = EVENT_ID.exec(text);
  if (!match) return undefined;
  return { run: match[1]!, seq: Number(match[2]) };
}
