// `realtime-graph replay <stream> …`: an operator's command to a running daemon, from a shell.
import type { ReplayCommand, ReplayStatus } from '../protocol/events.js';

export interface ReplayFlags {
  pause?: boolean;
  resume?: boolean;
  speed?: string;
  seek?: string;
}

/** The command the flags ask for, or undefined for none (the state is then shown). Throws a message for bad flags. */
export function replayCommandOf(flags: ReplayFlags): ReplayCommand | undefined {
  if (flags.pause && flags.resume) throw new TypeError('give --pause or --resume, not both');
  const command: ReplayCommand = {};
  if (flags.pause) command.action = 'pause';
  if (flags.resume) command.action = 'resume';
  if (flags.speed !== undefined) {
    const speed = Number(flags.speed.replace(/^[x×]/, ''));
    if (!Number.isFinite(speed)) throw new TypeError(`--speed must be a number, 0.1 to 1000 (got ${flags.speed})`);
    command.speed = speed; // the daemon checks the range, and says so
  }
  // A whole number is a row; anything else is a time (the daemon reads it as the file's times are read).
  if (flags.seek !== undefined) command.seek = /^-?\d+$/.test(flags.seek) ? { row: Number(flags.seek) } : { time: flags.seek };
  return Object.keys(command).length > 0 ? command : undefined;
}

/** One line for a person: `pump: playing ×10 at row 12000 of 20000 (2024-01-09T08:00:00.000Z)`. */
export function describeReplay(stream: string, status: ReplayStatus): string {
  const { position } = status;
  const of = position.total === undefined ? '' : ` of ${position.total}`;
  const time = position.time === null ? '' : ` (${position.time})`;
  return `${stream}: ${status.state} ×${status.speed} at row ${position.row}${of}${time}`;
}

/** Sends the command (or asks for the state) and returns the daemon's answer; a refusal throws its message. */
export async function sendReplay(server: string, stream: string, command: ReplayCommand | undefined, token: string): Promise<ReplayStatus> {
  const url = `${server.replace(/\/+$/, '')}/api/streams/${encodeURIComponent(stream)}/replay`;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (command) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method: command ? 'POST' : 'GET', headers, body: command ? JSON.stringify(command) : undefined });
  } catch {
    throw new Error(`cannot reach ${server}`);
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | ReplayStatus | undefined;
  if (!res.ok) {
    const message = body && 'error' in body ? body.error?.message : undefined;
    throw new Error(`${res.status}: ${message ?? res.statusText}`);
  }
  return body as ReplayStatus;
}
